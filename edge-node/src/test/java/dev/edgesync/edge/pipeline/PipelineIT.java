package dev.edgesync.edge.pipeline;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The pipeline stage inside the app, with the app's own broker: raw events reach curated exactly once, in
 * their partition and order, headers kept, even when a batch aborts. (Across a restart: {@link PipelineRestartIT}.)
 */
@QuarkusTest
@TestProfile(PipelineIT.FirstRun.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    /** The app on a fresh data dir; uplink disabled (no core). */
    public static class FirstRun implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeAppResource.class));
        }
    }

    static final int FIRST = 3_000;
    /** Events of the second test, posted through the API; 60 keys reach each of the 3 partitions. */
    static final int POSTED = 60;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    @Order(1)
    void rawEventsReachCuratedExactlyOnceInTheirPartitionInOrderWithHeadersDespiteAnAbortedBatch() {
        RawEvents.write(bootstrap, 0, FIRST, 1_234);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> CuratedAssertions.count(bootstrap) >= FIRST);
        CuratedAssertions.assertExactlyEvents(bootstrap, FIRST);
        assertThat(FailOnceProcessor.FAILURES.get()).as("the marked event made one transaction abort").isEqualTo(1);
    }

    @Test
    @Order(2)
    void rawIsFreedBelowThePipelineCommittedOffsets() throws Exception {
        // Raw is freed no further than the idempotency index's durable marks, which only ingest moves (the records of
        // the first test were written to raw directly): events posted through the API (keyed, so they reach every partition) move every partition's mark.
        for (int i = 0; i < POSTED; i++) {
            given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"id\":\"reclaim-" + i
                    + "\",\"source\":\"/tests/pipeline-it\",\"type\":\"sale\",\"partitionkey\":\"k" + i
                    + "\",\"data\":{\"n\":" + i + "}}")
                    .post("/v1/streams/sales/events").then().statusCode(202).body("accepted", equalTo(1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var committed = admin.listConsumerGroupOffsets("edge-pipeline").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                for (int p = 0; p < RawEvents.PARTITIONS; p++) {
                    earliest.put(new TopicPartition("raw.sales", p), OffsetSpec.earliest());
                }
                var starts = admin.listOffsets(earliest).all().get();
                long freed = 0;
                for (var e : starts.entrySet()) {
                    long start = e.getValue().offset();
                    long done = committed.get(e.getKey()).offset();
                    assertThat(start).as("raw log start of %s", e.getKey()).isEqualTo(done);
                    freed += start;
                }
                assertThat(freed).isEqualTo(FIRST + POSTED);
            });
        }
    }

    @Test
    @Order(3)
    void statusShowsTheSiteADisabledLinkAndTheBacklog() {
        given().when().get("/v1/status").then()
                .statusCode(200)
                .body("site.id", equalTo("test-site"))
                .body("site.region", equalTo("default"))
                .body("site.cloud", equalTo("default"))
                .body("link.state", equalTo("disabled"))
                .body("link.coreBootstrapServers", nullValue())
                .body("streams.sales.curatedEndOffsets", hasSize(3))
                .body("streams.sales.backlog", greaterThanOrEqualTo(FIRST + POSTED))
                .body("streams.payments.backlog", equalTo(0));
    }

    /**
     * Raw records stamped 2 h ahead (appended while the box's clock ran 2 h ahead, read after it was set right) still
     * reach curated: the box's own broker accepts any timestamp. Before, it refused them (its
     * {@code message.timestamp.after.max.ms}, 1 h) and the pipeline stalled for good; found by the e2e clock round.
     */
    @Test
    @Order(4)
    void rawRecordsStampedHoursAheadStillReachCurated() {
        long ahead = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
        RawEvents.write(bootstrap, FIRST, FIRST + 10, -1, ahead);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> RawEvents.readAll(bootstrap, "curated." + RawEvents.STREAM).values().stream()
                        .flatMap(List::stream).filter(r -> r.timestamp() == ahead).count() == 10);
    }
}
