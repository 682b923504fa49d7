package dev.edgesync.core.it;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.offsets.OffsetSyncs;
import dev.edgesync.protocol.Checkpoint;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /v1/offsets/translate} against real checkpoint records: an uplink-like writer lands
 * curated records (with gaps, as transaction markers leave in curated offsets) and commits a
 * checkpoint in the same transaction; the answers are checked against where the records really landed.
 */
@QuarkusTest
@WithTestResource(EmbeddedCentreResource.class)
class OffsetTranslationIT {

    private static final String SITE = "xlate-1";
    private static final String STREAM = "sales-x";

    @Inject
    CentreKafka centre;

    @Inject
    OffsetSyncs offsetSyncs;

    /** Landing offset of each curated (edge) offset written. */
    private final Map<Long, Long> landedAt = new HashMap<>();

    @Test
    void answersExactlyAtCheckpointsAndALowerBoundBetweenThem() throws Exception {
        String bootstrap = centre.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TopicNames.landing(SITE, STREAM), 2, (short) 1),
                    new NewTopic(TopicNames.checkpoints(SITE), 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "edge-" + SITE + "-p0");
        long[] checkpointEdge = new long[3];
        long[] checkpointCore = new long[3];
        try (KafkaProducer<byte[], byte[]> edge = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            edge.initTransactions();
            // Curated offsets of partition 0: three pipeline transactions of 10 records, each followed by a marker.
            long curated = 0;
            for (int t = 0; t < 3; t++) {
                long last = uplink(edge, curated, 10, true);
                curated += 11;
                checkpointEdge[t] = curated - 1; // the marker's offset: the next record is after it
                checkpointCore[t] = last + 1;
                commitCheckpoint(edge, checkpointEdge[t], checkpointCore[t], true);
            }
            // An aborted uplink transaction: neither its records nor its checkpoint count.
            uplink(edge, curated, 10, false);
            commitCheckpointAborted(edge, curated + 10, 999);
        }
        // A checkpoint written without a transaction (as a tool might) for another partition.
        try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            plain.send(new ProducerRecord<>(TopicNames.checkpoints(SITE), Checkpoint.encodeKey(STREAM, 1),
                    new Checkpoint(STREAM, 1, 500, 7, System.currentTimeMillis()).encodeValue())).get();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().queryParam("site", SITE).queryParam("stream", STREAM).queryParam("partition", 0)
                        .queryParam("edgeOffset", checkpointEdge[2]).get("/v1/offsets/translate").then().statusCode(200));

        // Exact at every checkpoint: the landing record at coreOffset is the one at the edge offset (the
        // edge offset right after a marker), and nothing of it or after is below.
        for (int t = 0; t < 3; t++) {
            JsonPath j = translate(0, checkpointEdge[t]);
            assertThat(j.getBoolean("exact")).isTrue();
            assertThat(j.getLong("coreOffset")).isEqualTo(checkpointCore[t]);
            assertThat(j.getLong("checkpointEdgeOffset")).isEqualTo(checkpointEdge[t]);
            assertThat(j.getString("landingTopic")).isEqualTo("landing.xlate-1.sales-x");
            long ce = checkpointEdge[t];
            long cc = checkpointCore[t];
            if (t < 2) {
                assertThat(landedAt.get(ce + 1)).isEqualTo(cc + 1);
            }
            assertThat(landedAt.entrySet()).filteredOn(e -> e.getKey() >= ce)
                    .allSatisfy(e -> assertThat(e.getValue()).isGreaterThanOrEqualTo(cc));
            assertThat(landedAt.entrySet()).filteredOn(e -> e.getKey() < ce)
                    .allSatisfy(e -> assertThat(e.getValue()).isLessThan(cc));
        }
        // Between checkpoints: the previous checkpoint's core offset, a lower bound of where the record landed.
        for (long e = checkpointEdge[0] + 1; e < checkpointEdge[1]; e++) {
            JsonPath j = translate(0, e);
            assertThat(j.getBoolean("exact")).isFalse();
            assertThat(j.getLong("coreOffset")).isEqualTo(checkpointCore[0]).isLessThanOrEqualTo(landedAt.get(e));
            assertThat(j.getLong("checkpointEdgeOffset")).isEqualTo(checkpointEdge[0]);
        }
        // The aborted transaction's checkpoint was never seen: its edge offsets translate from the last committed one.
        JsonPath afterAbort = translate(0, checkpointEdge[2] + 10);
        assertThat(afterAbort.getLong("coreOffset")).isEqualTo(checkpointCore[2]);
        assertThat(afterAbort.getBoolean("exact")).isFalse();
        assertThat(afterAbort.getLong("latestEdgeOffset")).isEqualTo(checkpointEdge[2]);
        // The non-transactional checkpoint of partition 1.
        JsonPath p1 = translate(1, 500);
        assertThat(p1.getLong("coreOffset")).isEqualTo(7);
        assertThat(p1.getBoolean("exact")).isTrue();

        notFound(0, checkpointEdge[0] - 1, "Edge offset below the oldest sync point", "oldest known sync point (" + checkpointEdge[0] + ")");
        notFound(3, 20, "Unknown partition", "partition 3");
        given().queryParam("site", SITE).queryParam("stream", "other").queryParam("partition", 0).queryParam("edgeOffset", 0)
                .get("/v1/offsets/translate").then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Unknown stream"));
        given().queryParam("site", "nowhere-1").queryParam("stream", STREAM).queryParam("partition", 0).queryParam("edgeOffset", 0)
                .get("/v1/offsets/translate").then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Unknown site")).body("detail", containsString("nowhere-1"));
    }

    /**
     * A site writing checkpoints for streams and partitions it does not have (made-up keys) cannot grow the centre's
     * index: they are ignored and counted per site, while its real stream's checkpoints still count.
     */
    @Test
    void checkpointsForStreamsOrPartitionsTheSiteDoesNotHaveAreIgnoredAndCounted() throws Exception {
        String site = "bogus-1";
        String bootstrap = centre.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TopicNames.landing(site, "real"), 2, (short) 1),
                    new NewTopic(TopicNames.checkpoints(site), 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
            // As an uplink does (it lands data before it checkpoints it): the checkpoint is written once the broker
            // serves the landing topic in its metadata, else the reader's one relist may not see it yet.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(TopicNames.landing(site, "real")))
                    .allTopicNames().get(10, TimeUnit.SECONDS).get(TopicNames.landing(site, "real")).partitions().size() == 2);
        }
        int before = offsetSyncs.index().partitionCount();
        long ignoredBefore = offsetSyncs.reader().ignoredCount();
        int bogus = 0;
        try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Checkpoint> made = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                made.add(new Checkpoint("ghost-" + i, 0, 10, 10, System.currentTimeMillis())); // no such stream
            }
            made.add(new Checkpoint("real", 2, 10, 10, System.currentTimeMillis()));           // no such partition
            made.add(new Checkpoint("real", 999_999, 10, 10, System.currentTimeMillis()));
            for (Checkpoint c : made) {
                plain.send(new ProducerRecord<>(TopicNames.checkpoints(site), c.encodeKey(), c.encodeValue()));
                bogus++;
            }
            Checkpoint real = new Checkpoint("real", 1, 10, 4, System.currentTimeMillis());
            plain.send(new ProducerRecord<>(TopicNames.checkpoints(site), real.encodeKey(), real.encodeValue())).get();
        }
        int expectedIgnored = bogus;
        // Other classes' sites share this centre, so the global count may move too: this site's own count must be exact.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(offsetSyncs.reader().ignoredCount() - ignoredBefore).isGreaterThanOrEqualTo(expectedIgnored));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().get("/q/metrics").then().statusCode(200)
                .extract().asString()).contains("core_offsets_checkpoints_ignored_total{site=\"" + site + "\"} " + expectedIgnored + ".0"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("site", site).queryParam("stream", "real")
                .queryParam("partition", 1).queryParam("edgeOffset", 10).get("/v1/offsets/translate").then().statusCode(200)
                .body("coreOffset", equalTo(4)));
        assertThat(offsetSyncs.index().partitionCount() - before).as("only the real partition is indexed").isEqualTo(1);
        given().queryParam("site", site).queryParam("stream", "ghost-3").queryParam("partition", 0).queryParam("edgeOffset", 10)
                .get("/v1/offsets/translate").then().statusCode(404).body("title", equalTo("Unknown stream"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("core_offsets_checkpoints_ignored_total{site=\"" + site + "\"} " + bogus + ".0");
    }

    @Test
    void missingOrInvalidParametersAre400ProblemDocuments() {
        given().queryParam("stream", STREAM).queryParam("partition", 0).queryParam("edgeOffset", 0)
                .get("/v1/offsets/translate").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("detail", containsString("'site' is required"));
        given().queryParam("site", "Bad.Site").queryParam("stream", STREAM).queryParam("partition", 0).queryParam("edgeOffset", 0)
                .get("/v1/offsets/translate").then().statusCode(400).body("title", equalTo("Invalid parameter site"));
        given().queryParam("site", SITE).queryParam("stream", STREAM).queryParam("partition", -1).queryParam("edgeOffset", 0)
                .get("/v1/offsets/translate").then().statusCode(400).body("title", equalTo("Invalid parameter partition"));
        given().queryParam("site", SITE).queryParam("stream", STREAM).queryParam("partition", 0).queryParam("edgeOffset", "ten")
                .get("/v1/offsets/translate").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid parameter edgeOffset"));
        given().queryParam("site", SITE).queryParam("stream", STREAM).queryParam("partition", 0)
                .get("/v1/offsets/translate").then().statusCode(400).body("detail", containsString("'edgeOffset' is required"));
    }

    private JsonPath translate(int partition, long edgeOffset) {
        return given().queryParam("site", SITE).queryParam("stream", STREAM).queryParam("partition", partition)
                .queryParam("edgeOffset", edgeOffset).get("/v1/offsets/translate")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    private void notFound(int partition, long edgeOffset, String title, String detail) {
        given().queryParam("site", SITE).queryParam("stream", STREAM).queryParam("partition", partition)
                .queryParam("edgeOffset", edgeOffset).get("/v1/offsets/translate")
                .then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo(title)).body("detail", containsString(detail));
    }

    /** Lands curated offsets first..first+n-1 of partition 0 in one transaction (left open); returns the last landing offset. */
    private long uplink(KafkaProducer<byte[], byte[]> edge, long first, int n, boolean keep) throws Exception {
        edge.beginTransaction();
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        for (long e = first; e < first + n; e++) {
            RecordHeaders h = new RecordHeaders();
            h.add(SyncHeaders.EDGE_OFFSET, Centre.utf8(String.valueOf(e)));
            sent.add(edge.send(new ProducerRecord<>(TopicNames.landing(SITE, STREAM), 0, Centre.utf8("k"),
                    Centre.utf8("{\"e\":" + e + "}"), h)));
        }
        long last = -1;
        for (int i = 0; i < n; i++) {
            last = sent.get(i).get().offset();
            if (keep) {
                landedAt.put(first + i, last);
            }
        }
        return last;
    }

    private static void commitCheckpoint(KafkaProducer<byte[], byte[]> edge, long nextEdge, long nextCore, boolean commit) {
        edge.send(new ProducerRecord<>(TopicNames.checkpoints(SITE), Checkpoint.encodeKey(STREAM, 0),
                new Checkpoint(STREAM, 0, nextEdge, nextCore, System.currentTimeMillis()).encodeValue()));
        if (commit) {
            edge.commitTransaction();
        } else {
            edge.abortTransaction();
        }
    }

    private static void commitCheckpointAborted(KafkaProducer<byte[], byte[]> edge, long nextEdge, long nextCore) {
        commitCheckpoint(edge, nextEdge, nextCore, false);
    }
}
