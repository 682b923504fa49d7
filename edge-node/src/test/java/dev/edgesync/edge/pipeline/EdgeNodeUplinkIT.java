package dev.edgesync.edge.pipeline;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;

/** The whole edge path in the app: raw -> pipeline -> curated -> uplink -> landing at a core broker, and status. */
@QuarkusTest
@TestProfile(EdgeNodeUplinkIT.WithCore.class)
class EdgeNodeUplinkIT {

    public static class WithCore implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeWithCoreResource.class));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "edge.core.bootstrap-servers")
    String core;

    @Test
    void rawEventsLandAtTheCentreExactlyOnceAndStatusShowsTheLinkUpWithNoBacklog() {
        int n = 2_000;
        RawEvents.write(bootstrap, 0, n, -1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> RawEvents.readAll(core, "landing.test-site.sales").values().stream().mapToInt(List::size).sum() >= n);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> landed = RawEvents.readAll(core, "landing.test-site.sales");
        Set<Integer> seen = new HashSet<>();
        landed.forEach((p, rs) -> {
            long previousEdgeOffset = -1;
            for (ConsumerRecord<byte[], byte[]> r : rs) {
                int i = RawEvents.seq(RawEvents.header(r, "ce_id"));
                assertThat(seen.add(i)).as("event %d landed once", i).isTrue();
                assertThat(p).isEqualTo(RawEvents.partition(i));
                assertThat(RawEvents.header(r, "edge_site")).isEqualTo("test-site");
                long edgeOffset = Long.parseLong(RawEvents.header(r, "edge_offset"));
                assertThat(edgeOffset).isGreaterThan(previousEdgeOffset);
                previousEdgeOffset = edgeOffset;
            }
        });
        assertThat(seen).hasSize(n);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/v1/status").then()
                .statusCode(200)
                .body("link.state", equalTo("up"))
                .body("link.coreBootstrapServers", equalTo(core))
                .body("link.lastSyncAt", notNullValue())
                .body("streams.sales.backlog", equalTo(0))
                .body("streams.sales.lastSyncAt", notNullValue())
                .body("streams.sales.syncedOffsets", everyItem(notNullValue()))
                // Curated was freed up to the committed checkpoints.
                .body("streams.sales.curatedStartOffsets", equalTo(
                        given().get("/v1/status").then().extract().path("streams.sales.syncedOffsets"))));
    }
}
