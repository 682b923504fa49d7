package dev.edgesync.edge.buffer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the link down (no centre at all), a drop-oldest stream over the quota loses exactly its oldest unsent
 * events, counted; a reject stream beside it is untouched; status and metrics show the figures.
 */
@QuarkusTest
@TestProfile(DropOldestOfflineIT.Offline.class)
class DropOldestOfflineIT {

    public static class Offline implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(QuotaAppResource.class, Map.of("core", "false")));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void dropOldestDeletesOnlyThatStreamsOldestUnsentEventsAndCountsThemExactly() {
        Logs.post("sales", Logs.batch("sale", 0, 300, 200)).then().statusCode(202);
        List<String> accepted = new ArrayList<>();
        int next = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            Logs.post("telemetry", Logs.batch("t", next, 250, 1_000)).then().statusCode(202);
            for (int i = next; i < next + 250; i++) {
                accepted.add("t-" + i);
            }
            next += 250;
            Integer dropped = given().get("/v1/status").then().extract().path("streams.telemetry.droppedEvents");
            if (dropped != null && dropped > 0 && next >= 12_000) {
                break;
            }
        }
        // The pipeline, the index and the quota settle (the quota acts until usage is back at the low watermark);
        // each attempt reads status, the log and the metrics and needs them to agree.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            int dropped = given().get("/v1/status").then().extract().path("streams.telemetry.droppedEvents");
            Logs.Read curated = Logs.read(bootstrap, "curated.telemetry");
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            int droppedAfter = given().get("/v1/status").then().extract().path("streams.telemetry.droppedEvents");
            int backlog = given().get("/v1/status").then().extract().path("streams.telemetry.backlog");
            assertThat(droppedAfter).isEqualTo(dropped);
            assertThat(dropped).isPositive();
            assertThat(curated.logStart()).isPositive();
            // Exactly the oldest went, counted exactly: what is left is the newest, in order.
            assertThat(curated.ids()).isEqualTo(accepted.subList(dropped, accepted.size()));
            assertThat(backlog).isEqualTo(curated.ids().size());
            assertThat(metrics).contains("edge_dropped_events_total{stream=\"telemetry\"} " + dropped + ".0");
            // Every dropped event is in a recorded range of its partition, counted once.
            List<java.util.Map<String, Object>> ranges = given().get("/v1/status").then().extract().path("gaps.ranges");
            long inRanges = ranges.stream().filter(r -> "dropped".equals(r.get("cause")) && "telemetry".equals(r.get("stream")))
                    .mapToLong(r -> ((Number) r.get("count")).longValue()).sum();
            assertThat(inRanges).isEqualTo(dropped);
        });

        Logs.Read sales = Logs.read(bootstrap, "curated.sales");
        assertThat(sales.logStart()).isZero();
        assertThat(sales.ids()).hasSize(300);
        given().get("/v1/status").then().statusCode(200)
                .body("link.state", org.hamcrest.Matchers.equalTo("disabled"))
                .body("streams.sales.droppedEvents", org.hamcrest.Matchers.equalTo(0))
                .body("streams.sales.backlog", org.hamcrest.Matchers.equalTo(300))
                .body("streams.telemetry.bufferPolicy", org.hamcrest.Matchers.equalTo("drop-oldest"))
                .body("streams.telemetry.priority", org.hamcrest.Matchers.equalTo("bulk"))
                .body("buffer.maxBytes", org.hamcrest.Matchers.equalTo((int) QuotaAppResource.MAX_BYTES));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("edge_backlog_events{stream=\"sales\"} 300.0")
                .contains("edge_buffer_used_bytes")
                .contains("edge_link_up 0.0");
    }
}
