package dev.edgesync.edge.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page at {@code /} in headless Chromium against the running edge node (no centre configured, so
 * everything posted stays in the backlog): it shows what {@code GET /v1/status} says, and follows it when the
 * backlog grows.
 */
@QuarkusTest
class StatusPageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "stock";
    private static final String DASH = "\u2014";

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        assumeTrue(Chromium.browser().isPresent() && Chromium.driver().isPresent(),
                "chromium and chromedriver are not on the PATH (Debian: apt-get install chromium chromium-driver):"
                        + " the status page is not tested in a browser here");
        browser = Chromium.start(profile);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void servedAtTheRootAsPlainHtml() {
        given().get("/").then().statusCode(200).contentType("text/html")
                .body(org.hamcrest.Matchers.containsString("status.js"));
        given().get("/status.js").then().statusCode(200);
    }

    @Test
    void showsTheBacklogOfTheStatusApiAndFollowsItWhenItGrows() throws Exception {
        long before = apiBacklog(STREAM);
        post(STREAM, 5);
        long afterFirst = awaitApiBacklogAtLeast(before + 5);

        browser.get(RestAssured.baseURI + ":" + RestAssured.port + "/?refresh=500");
        await("page shows the site").atMost(Duration.ofSeconds(30))
                .until(() -> "test-site".equals(text("#site-id")));
        await("page backlog of " + STREAM + " equals GET /v1/status").atMost(Duration.ofSeconds(30))
                .until(() -> shownBacklog(STREAM) == apiBacklog(STREAM));
        assertThat(shownBacklog(STREAM)).isGreaterThanOrEqualTo(afterFirst);

        JsonNode status = status();
        assertThat(text("#link-state")).isEqualTo(status.path("link").path("state").asText());
        assertThat(js("return Array.from(document.querySelectorAll('#streams tbody tr'))"
                + ".map(function (r) { return r.getAttribute('data-stream'); }).join(',');"))
                .isEqualTo(String.join(",", (Iterable<String>) () -> status.path("streams").fieldNames()));
        long total = 0;
        for (JsonNode s : status.path("streams")) {
            total += s.path("backlog").asLong();
        }
        long expectedTotal = total;
        await("total backlog shown").atMost(Duration.ofSeconds(10))
                .until(() -> Long.parseLong(text("#total-backlog")) == totalApiBacklog());
        assertThat(expectedTotal).isPositive();
        // Fields the status does not report (absent, or null while unknown: the drain ETA with no centre) show a
        // dash; reported ones do not. The page refreshes on its own, so compare it with a fresh status each time.
        assertDashUnlessReported(st -> reported(st, "drainEtaSeconds"), "#drain-eta");
        assertDashUnlessReported(st -> reported(st.path("buffer"), "usedBytes"), "#buffer-used");
        assertDashUnlessReported(st -> reported(st.path("streams").path(STREAM), "backlogBytes"),
                "tr[data-stream='" + STREAM + "'] td[data-field='backlog-bytes']");
        assertDashUnlessReported(st -> reported(st.path("streams").path(STREAM), "oldestUnsentAgeSeconds"),
                "tr[data-stream='" + STREAM + "'] td[data-field='oldest-unsent']");

        // The backlog grows: the page follows without a reload.
        post(STREAM, 7);
        long afterSecond = awaitApiBacklogAtLeast(afterFirst + 7);
        await("page follows the grown backlog").atMost(Duration.ofSeconds(30))
                .until(() -> shownBacklog(STREAM) == apiBacklog(STREAM));
        assertThat(shownBacklog(STREAM)).isGreaterThanOrEqualTo(afterSecond);

        // The chart draws the history samples (one every 2 s in tests) for every stream.
        await("chart has points for " + STREAM).atMost(Duration.ofSeconds(30))
                .until(() -> chartPoints(STREAM) >= 2);
        Files.write(Path.of("target", "status-page.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static boolean reported(JsonNode parent, String field) {
        return parent.has(field) && !parent.get(field).isNull();
    }

    private void assertDashUnlessReported(java.util.function.Predicate<JsonNode> reportedIn, String cell) {
        await(cell + " shows a dash exactly when the status does not report it").atMost(Duration.ofSeconds(15))
                .until(() -> reportedIn.test(status()) != DASH.equals(text(cell)));
    }

    /** The shown backlog of a stream; its text and its raw value, read in one go (the page redraws rows). */
    private long shownBacklog(String stream) {
        String both = js("var c = document.querySelector(\"tr[data-stream='" + stream + "'] td[data-field='backlog']\");"
                + " return c ? c.textContent + '|' + c.getAttribute('data-value') : '';");
        assertThat(both).as("backlog cell of %s", stream).contains("|");
        String[] parts = both.split("\\|", -1);
        assertThat(parts[0]).isEqualTo(parts[1]);
        return Long.parseLong(parts[0]);
    }

    private int chartPoints(String stream) {
        String points = js("var l = document.querySelector(\"#chart polyline[data-stream='" + stream + "']\");"
                + " return l ? l.getAttribute('points') : '';");
        return points == null || points.isBlank() ? 0 : points.trim().split("\\s+").length;
    }

    private String text(String selector) {
        return js("var e = document.querySelector(\"" + selector + "\"); return e ? e.textContent : null;");
    }

    private String js(String script) {
        Object result = browser.executeScript(script);
        return result == null ? null : result.toString();
    }

    private static JsonNode status() throws Exception {
        return JSON.readTree(given().get("/v1/status").then().statusCode(200).extract().asString());
    }

    private static long apiBacklog(String stream) throws Exception {
        return status().path("streams").path(stream).path("backlog").asLong();
    }

    private static long totalApiBacklog() throws Exception {
        long total = 0;
        for (JsonNode s : status().path("streams")) {
            total += s.path("backlog").asLong();
        }
        return total;
    }

    /** Waits until the pipeline has moved the posted events to curated (the backlog counts curated). */
    private static long awaitApiBacklogAtLeast(long min) {
        return await("backlog of " + STREAM + " reaches " + min).atMost(Duration.ofSeconds(30))
                .until(() -> apiBacklog(STREAM), b -> b >= min);
    }

    private static void post(String stream, int n) {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            ObjectNode e = batch.addObject();
            e.put("specversion", "1.0");
            e.put("id", "status-page-" + UUID.randomUUID());
            e.put("source", "/test/status-page");
            e.put("type", "test.status-page");
            e.put("datacontenttype", "application/json");
            e.putObject("data").put("n", i);
        }
        given().contentType("application/cloudevents-batch+json").body(batch.toString())
                .post("/v1/streams/" + stream + "/events").then().statusCode(202);
    }
}
