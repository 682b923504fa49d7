package dev.edgesync.core.it;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.protocol.Checkpoint;
import dev.edgesync.protocol.GapRange;
import dev.edgesync.protocol.Heartbeat;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Heartbeats an edge writes to {@code landing.<site>._heartbeats} show in {@code GET /v1/sites/{id}} even before
 * any data of the site arrived, and neither the heartbeat nor the checkpoint topic is relayed as a data stream.
 */
@QuarkusTest
@WithTestResource(EmbeddedCentreResource.class)
class HeartbeatsIT {

    @Inject
    CentreKafka centre;

    private static Heartbeat beat(String site, long ts, long backlog, long dropped) {
        return new Heartbeat(site, ts, "down", 7_000_000, 8_388_608, 50_000, 42, Map.of(
                "telemetry", new Heartbeat.StreamFigures("bulk", backlog, backlog * 900, 61_000, 1_000, 5, dropped),
                "payments", new Heartbeat.StreamFigures("critical", 0, 0, -1, 300, 0, 0)));
    }

    private static Heartbeat withGaps(Heartbeat h, GapRange... gaps) {
        return new Heartbeat(h.site(), h.timestampMs(), h.linkState(), h.bufferUsedBytes(), h.bufferMaxBytes(),
                h.maxBytesPerSecond(), h.drainEtaSeconds(), h.streams(), List.of(gaps));
    }

    @Test
    void theLatestHeartbeatOfASiteShowsInItsDetailAndInternalTopicsAreNotRelayed() throws Exception {
        String site = "hb-site-1";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, centre.bootstrapServers()))) {
            Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            admin.createTopics(List.of(new NewTopic(TopicNames.heartbeats(site), 1, (short) 1).configs(compact),
                    new NewTopic(TopicNames.checkpoints(site), 1, (short) 1).configs(compact)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                centre.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            Heartbeat older = withGaps(beat(site, now - 10_000, 90_000, 1),
                    new GapRange("telemetry", 0, 0, 5, GapRange.EXPIRED, 5));
            Heartbeat latest = withGaps(beat(site, now, 50_000, 123),
                    new GapRange("telemetry", 0, 100, 130, GapRange.CORRUPT, 30));
            p.send(new ProducerRecord<>(TopicNames.heartbeats(site), latest.encodeKey(), latest.encodeValue())).get();
            // Out of order in the topic: an older heartbeat must not replace a newer one.
            p.send(new ProducerRecord<>(TopicNames.heartbeats(site), older.encodeKey(), older.encodeValue())).get();
            Checkpoint c = new Checkpoint("telemetry", 0, 10, 10, now);
            p.send(new ProducerRecord<>(TopicNames.checkpoints(site), c.encodeKey(), c.encodeValue())).get();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().get("/v1/sites/" + site).then().statusCode(200)
                        .body("id", equalTo(site))
                        .body("landed", equalTo(0))
                        .body("heartbeat.linkState", equalTo("down"))
                        .body("heartbeat.bufferUsedBytes", equalTo(7_000_000))
                        .body("heartbeat.drainEtaSeconds", equalTo(42))
                        .body("heartbeat.at", equalTo(java.time.Instant.ofEpochMilli(now).toString()))
                        .body("heartbeat.streams.telemetry.backlogEvents", equalTo(50_000))
                        .body("heartbeat.streams.telemetry.droppedEvents", equalTo(123))
                        .body("heartbeat.streams.payments.priority", equalTo("critical"))
                        .body("streams.telemetry.backlogEvents", equalTo(50_000))
                        .body("streams.telemetry.landed", equalTo(0))
                        // Gaps of every heartbeat read are kept, also those of one older than the latest.
                        .body("gaps.size()", equalTo(2))
                        .body("gaps[0].cause", equalTo("expired"))
                        .body("gaps[0].toOffset", equalTo(5))
                        .body("gaps[1].stream", equalTo("telemetry"))
                        .body("gaps[1].partition", equalTo(0))
                        .body("gaps[1].fromOffset", equalTo(100))
                        .body("gaps[1].toOffset", equalTo(130))
                        .body("gaps[1].cause", equalTo("corrupt"))
                        .body("gaps[1].count", equalTo(30)));
        given().get("/v1/sites").then().statusCode(200).body("id", hasItem(site));

        // The relay never read the site's internal topics: nothing dead-lettered, no analytics topic made of them.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, centre.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).noneMatch(t -> t.startsWith("analytics.") && t.contains("_"));
        }
        assertThat(Centre.readAll(centre.bootstrapServers(), CoreTopics.DLQ, true))
                .noneMatch(r -> new String(r.value() == null ? new byte[0] : r.value()).contains(site)
                        || (Centre.header(r, "edge_site") != null && Centre.header(r, "edge_site").equals(site)));
    }
}
