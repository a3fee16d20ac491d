package org.revisit.report;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PNG screenshots of a rendered report in headless Chromium at 1400 px: {@code top.png} (the first screen) and one
 * per element id given. For the README's picture and for comparing a report before and after a change:
 * {@code mvn -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.revisit.report.ReportScreenshots
 * -Dexec.args="reports/small/index.html out/ figLabelBudget figSchedule"}.
 */
public final class ReportScreenshots {
    private ReportScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ReportScreenshots <index.html> <output folder> [element id ...]");
        }
        Path index = Path.of(args[0]).toAbsolutePath();
        Path out = Files.createDirectories(Path.of(args[1]));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--allow-file-access-from-files", "--window-size=1400,1000", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(index.toUri().toString());
            Thread.sleep(3000); // Plotly draws after load
            Files.write(out.resolve("top.png"), driver.getScreenshotAs(OutputType.BYTES));
            for (int i = 2; i < args.length; i++) {
                WebElement e = driver.findElement(By.id(args[i]));
                ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", e);
                Thread.sleep(500);
                Files.write(out.resolve(args[i] + ".png"), ((TakesScreenshot) e).getScreenshotAs(OutputType.BYTES));
            }
        } finally {
            driver.quit();
        }
    }
}
