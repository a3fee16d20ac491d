package org.revisit.benchmarks;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * figure is drawn by Plotly, every claim has its row with a verdict, every table section is there; and as a reader
 * sees it at 1400 px: the headline is there, no table needs a horizontal scroll, every line over a numeric axis runs
 * in its order (Figures 7 and 8 on numeric axes). Skipped where
 * no chromedriver is installed, unless {@code -Drevisit.browser=required} (CI).
 */
@Tag("benchmark")
@Order(100)
class ReportInBrowserBenchmark {
    static final Path CHROMEDRIVER = Path.of(System.getProperty("revisit.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("revisit.chromium", "/usr/bin/chromium"));
    /**
     * Selenium's DevTools lookup, which warns on every start that it has no CDP implementation for the installed
     * Chromium: the check uses WebDriver only, never CDP. Held here so the level is not lost with the logger.
     */
    private static final java.util.logging.Logger CDP_LOOKUP = quiet("org.openqa.selenium.devtools");
    private static final java.util.logging.Logger CHROMIUM_DRIVER = quiet("org.openqa.selenium.chromium");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(Level.SEVERE);
        return l;
    }

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
            JavascriptExecutor js = (JavascriptExecutor) driver;
            String headline = driver.findElement(By.id("headline")).getText();
            assertTrue(headline.contains("Claims (" + Claims.all().size() + "):") && headline.contains("What "
                    + "self-supervision added") && headline.contains("What this scale can show"),
                    () -> "the headline: " + headline);
            // read as on a 1400 px screen: no visible table is wider than its box or the page
            @SuppressWarnings("unchecked")
            List<String> wide = (List<String>) js.executeScript("var page = document.documentElement.clientWidth;"
                    + "return Array.from(document.querySelectorAll('table')).filter(function (t) {"
                    + "  if (t.offsetParent === null || t.closest('details:not([open])')) { return false; }"
                    + "  var box = t.parentElement;"
                    + "  return box.scrollWidth > box.clientWidth + 1 || t.getBoundingClientRect().right > page + 1;"
                    + "}).map(function (t) {"
                    + "  var h = (t.closest('.scroll') || t).previousElementSibling;" // the heading above the table
                    + "  while (h && !/^H[23]$/.test(h.tagName)) { h = h.previousElementSibling; }"
                    + "  return (h ? h.textContent : '?') + ': ' + t.rows[0].textContent.slice(0, 80)"
                    + " + ' (' + t.scrollWidth + ' px)'; });");
            assertTrue(wide.isEmpty(), () -> "tables that need a horizontal scroll at 1400 px: " + wide);
            // axes in order: every line over a numeric x runs left to right, and the widths and schedules of
            // Figures 7 and 8 are numeric axes, not categories in the order of appearance
            @SuppressWarnings("unchecked")
            List<String> disordered = (List<String>) js.executeScript("var out = [];"
                    + "document.querySelectorAll('div.figure').forEach(function (f) {"
                    + "  (f.data || []).forEach(function (t) {"
                    + "    if (!t.x || !/lines/.test(t.mode || '')) { return; }"
                    + "    var x = Array.from(t.x).map(Number);"
                    + "    if (x.some(isNaN)) { return; }"
                    + "    for (var i = 1; i < x.length; i++) { if (x[i] < x[i - 1]) { out.push(f.id + ' ' + t.name);"
                    + "      return; } }"
                    + "  });"
                    + "});"
                    + "['figLabelBudget', 'figSchedule'].forEach(function (id) { var f = document.getElementById(id);"
                    + "  if (f && f._fullLayout && f._fullLayout.xaxis.type === 'category') { out.push(id + "
                    + "' has a category x axis'); } });"
                    + "return out;");
            assertTrue(disordered.isEmpty(), () -> "figure axes out of order: " + disordered);
            List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertTrue(errors.isEmpty(), () -> "console errors in " + index + ": " + errors);
        } finally {
            driver.quit();
        }
    }
}
