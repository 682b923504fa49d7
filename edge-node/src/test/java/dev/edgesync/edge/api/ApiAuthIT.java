package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.history.Chromium;
import dev.edgesync.edge.ingest.RawLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * With {@code edge.api.auth=api-key}, over real HTTP: no key or a wrong key is a 401, a key used beyond its
 * streams or scopes a 403, each a problem document, and nothing of a refused request is appended; the status page,
 * health and metrics stay open; no key or hash shows in the status.
 */
@QuarkusTest
@TestProfile(ApiAuthIT.WithKeys.class)
class ApiAuthIT {

    static final String TILL = "till-0123456789abcdef0123456789abcdef";
    static final String OPS = "ops-0123456789abcdef0123456789abcdef0";

    /** A till that may post sales, and an operator that may read and change settings. */
    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.api.auth", "api-key",
                    "edge.api.keys.till.hash", ApiKeyHash.of(TILL),
                    "edge.api.keys.till.streams", "sales",
                    "edge.api.keys.ops.hash", ApiKeyHash.of(OPS),
                    "edge.api.keys.ops.scopes", "read,admin");
        }
    }

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/till/1\","
            + "\"type\":\"sale\",\"datacontenttype\":\"application/json\",\"data\":{\"qty\":1}}";

    @Inject
    EdgeBroker broker;

    @Test
    void onlyAKeyWithTheRightStreamAndScopeGetsThrough() {
        List<String> raw = List.of("raw.sales", "raw.payments");
        Map<TopicPartition, Long> before;
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            before = log.endOffsets(raw);
        }

        post("sales", null, "a1").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("status", equalTo(401));
        post("sales", "Bearer " + TILL + "x", "a2").then().statusCode(401).body("detail", equalTo("the API key is not valid"));
        post("payments", "Bearer " + TILL, "a3").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("may not post events to stream 'payments'"));
        post("sales", "Bearer " + OPS, "a4").then().statusCode(403);
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            assertThat(log.endOffsets(raw)).as("nothing of a refused request is appended").isEqualTo(before);
        }

        post("sales", "Bearer " + TILL, "ok-1").then().statusCode(202);
        given().header("X-Api-Key", TILL).contentType("application/cloudevents+json").body(EVENT.formatted("ok-2"))
                .post("/v1/streams/sales/events").then().statusCode(202);
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            assertThat(log.endOffsets(List.of("raw.sales")).values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(before.entrySet().stream().filter(e -> e.getKey().topic().equals("raw.sales"))
                            .mapToLong(Map.Entry::getValue).sum() + 2);
        }
    }

    @Test
    void readingAndSettingsNeedTheirScopesWhileProbesStayOpen() {
        given().get("/v1/status").then().statusCode(401);
        given().header("Authorization", "Bearer " + TILL).get("/v1/status").then().statusCode(403);
        String status = given().header("Authorization", "Bearer " + OPS).get("/v1/status").then().statusCode(200)
                .extract().asString();
        assertThat(status).doesNotContain(ApiKeyHash.of(TILL).substring(7), TILL, OPS);
        given().header("Authorization", "Bearer " + TILL).contentType("application/json").body("{\"maxBytesPerSecond\":0}")
                .put("/v1/sync/bandwidth").then().statusCode(403).body("detail", containsString("scope 'admin'"));
        given().header("Authorization", "Bearer " + OPS).contentType("application/json").body("{\"maxBytesPerSecond\":0}")
                .put("/v1/sync/bandwidth").then().statusCode(200);

        given().get("/").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(TILL, OPS, ApiKeyHash.of(TILL).substring(7));
    }

    @Test
    void theStatusPageAsksForAKeyAndThenShowsTheStatus(@TempDir Path profile) {
        assumeTrue(Chromium.browser().isPresent() && Chromium.driver().isPresent(),
                "chromium and chromedriver are not on the PATH (Debian: apt-get install chromium chromium-driver)");
        ChromeDriver browser = Chromium.start(profile);
        try {
            browser.get(RestAssured.baseURI + ":" + RestAssured.port + "/?refresh=500");
            await("the page asks for a key").atMost(Duration.ofSeconds(30))
                    .until(() -> browser.findElement(By.id("key-form")).isDisplayed());
            browser.findElement(By.id("api-key")).sendKeys(TILL);
            browser.findElement(By.cssSelector("#key-form button")).click();
            await("a key without the read scope is asked for again").atMost(Duration.ofSeconds(30))
                    .until(() -> browser.findElement(By.id("key-form")).isDisplayed());
            browser.findElement(By.id("api-key")).sendKeys(OPS);
            browser.findElement(By.cssSelector("#key-form button")).click();
            await("the page shows the site once given a read key").atMost(Duration.ofSeconds(30))
                    .until(() -> "test-site".equals(browser.findElement(By.id("site-id")).getText()));
            assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isFalse();
        } finally {
            browser.quit();
        }
    }

    private static io.restassured.response.Response post(String stream, String authorization, String id) {
        var req = given().contentType("application/cloudevents+json").body(EVENT.formatted(id));
        if (authorization != null) {
            req = req.header("Authorization", authorization);
        }
        return req.post("/v1/streams/{s}/events", stream);
    }
}
