package org.revisit.benchmarks;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.revisit.claims.Claims;
import org.revisit.report.ReportMain;
import org.revisit.study.Study;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the study's cells: renders this scale's report as the build does and opens it in headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}, no download): the page logs no console error, every
 * figure is drawn by Plotly, every claim has its row with a verdict, every table section is there. Skipped where
 * no chromedriver is installed, unless {@code -Drevisit.browser=required} (CI).
 */
@Tag("benchmark")
@Order(100)
class ReportInBrowserBenchmark {
    static final Path CHROMEDRIVER = Path.of(System.getProperty("revisit.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("revisit.chromium", "/usr/bin/chromium"));

    @Test
    void reportRendersWithoutErrorsWithEveryFigureAndClaim() throws Exception {
        boolean required = "required".equals(System.getProperty("revisit.browser"));
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        assertTrue(installed || !required, "-Drevisit.browser=required, but " + CHROMEDRIVER + " or " + CHROMIUM
                + " is missing: apt-get install chromium chromium-driver");
        if (!installed) {
            String why = "no " + (Files.isExecutable(CHROMEDRIVER) ? CHROMIUM : CHROMEDRIVER) + ": the report is not "
                    + "checked in a browser (apt-get install chromium chromium-driver)";
            LoggerFactory.getLogger(ReportInBrowserBenchmark.class).warn("skipped: {}", why);
            Assumptions.assumeTrue(false, why);
        }
        Study study = StudyGrid.study();
        Path folder = ReportMain.render(study.scale(), study.store(),
                study.config().reportsRoot().resolve(study.runName()), study.config().templates(),
                ReportMain.plotlyMode(study.config()));
        Path index = folder.resolve("index.html").toAbsolutePath();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--allow-file-access-from-files", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(index.toUri().toString());
            List<WebElement> figures = driver.findElements(By.cssSelector("div.figure, div[id^=fig]"));
            assertFalse(figures.isEmpty(), "the report has figures");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !figures.stream()
                    .allMatch(f -> !f.findElements(By.cssSelector("svg.main-svg")).isEmpty())) {
                Thread.sleep(200);
            }
            for (WebElement f : figures) {
                assertFalse(f.findElements(By.cssSelector("svg.main-svg")).isEmpty(),
                        () -> "figure " + f.getAttribute("id") + " was not drawn");
            }
            List<WebElement> claims = driver.findElements(By.cssSelector("#claimsTable tbody tr"));
            assertEquals(Claims.all().size(), claims.size(), "one row per claim");
            for (WebElement row : claims) {
                assertFalse(row.findElements(By.cssSelector("span.verdict")).get(0).getText().isBlank(),
                        () -> "claim " + row.getAttribute("data-claim") + " has no verdict");
            }
            for (var table : org.revisit.plan.StudyTable.values()) {
                assertFalse(driver.findElements(By.id(table.id())).isEmpty(), "section " + table.id());
            }
            List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertTrue(errors.isEmpty(), () -> "console errors in " + index + ": " + errors);
        } finally {
            driver.quit();
        }
    }
}
