package dev.edgesync.edge.buffer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A reject stream over the quota answers 507 (problem+json, Retry-After) and loses nothing: once the cap is
 * lifted at runtime every event answered 202 lands at the centre exactly once, and the stream accepts again.
 */
@QuarkusTest
@TestProfile(RejectThenDrainIT.WithCore.class)
class RejectThenDrainIT {

    public static class WithCore implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(QuotaAppResource.class, Map.of("core", "true")));
        }
    }

    @ConfigProperty(name = "edge.core.bootstrap-servers")
    String core;

    @Test
    void rejectAnswers507AndEveryAcceptedEventLandsExactlyOnce() {
        List<String> accepted = new ArrayList<>();
        Response refused = null;
        int next = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (refused == null && System.nanoTime() < deadline) {
            Response r = Logs.post("sales", Logs.batch("s", next, 200, 1_000));
            if (r.statusCode() == 202) {
                for (int i = next; i < next + 200; i++) {
                    accepted.add("s-" + i);
                }
                next += 200;
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("a 507 before the deadline").isNotNull();
        refused.then().statusCode(507).contentType("application/problem+json").header("Retry-After", "7")
                .body("type", equalTo("urn:edgesync:problem:buffer-full"))
                .body("status", equalTo(507));
        // (Not asserted: status still rejecting. Raw copies are freed once the pipeline has them in curated, which
        // can take usage under the low watermark right away.)
        // A drop-oldest stream is not refused.
        Logs.post("telemetry", Logs.batch("t", 0, 10, 100)).then().statusCode(202);

        given().contentType("application/json").body("{\"maxBytesPerSecond\":-5}").put("/v1/sync/bandwidth").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"maxBytesPerSecond\":100}").put("/v1/sync/bandwidth").then()
                .statusCode(400);
        given().contentType("application/json").body("{\"maxBytesPerSecond\":0}").put("/v1/sync/bandwidth").then()
                .statusCode(200).body("maxBytesPerSecond", equalTo(0));

        String topic = "landing.test-site.sales";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Logs.read(core, topic).ids().size() >= accepted.size());
        List<String> landed = Logs.read(core, topic).ids();
        assertThat(new HashSet<>(landed)).hasSize(landed.size());
        assertThat(landed).containsExactlyElementsOf(accepted);

        // Drained and freed: the stream accepts again.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Logs.post("sales", Logs.batch("again", 0, 1, 10)).then().statusCode(202));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().get("/v1/status").then().body("streams.sales.backlog", equalTo(0))
                        .body("streams.sales.backlogExact", equalTo(true))
                        .body("streams.sales.sentEvents", equalTo(accepted.size() + 1)));
    }
}
