package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.AppRun;
import dev.edgesync.edge.KeptAppData;
import dev.edgesync.edge.broker.SegmentDamage;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.GapRange;
import dev.edgesync.protocol.Heartbeat;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The edge curates events while its link is down and stops; a byte of one curated batch is flipped on disk; the edge
 * starts again with the link up: every intact event reaches the centre exactly once, and the damaged batch's exact
 * offset range is reported as a corrupt gap in status, in the metric and in the heartbeat at the centre. Both runs are
 * in this test, on data of its own.
 */
@QuarkusMainTest
@TestProfile(CorruptSegmentIT.OwnData.class)
class CorruptSegmentIT {

    static final String DATA = "corrupt-segment";
    static final String SITE = "test-site";
    static final int CHUNKS = 5;
    static final int PER_CHUNK = 300;
    static final int TOTAL = CHUNKS * PER_CHUNK;

    /** The app on a data dir of this test's own; with a centre only when the test names one for the run. */
    public static class OwnData implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    /** Settings of one run: {@link KeptAppData} plus the centre set in a system property, if any. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> c = KeptAppData.settings(DATA);
            c.put("edge.sync.delete-records-interval", "500ms");
            String centre = System.getProperty(centreKey());
            if (centre != null) {
                c.put("edge.core.bootstrap-servers", centre);
                c.put("edge.sync.retry-backoff", "300ms");
                c.put("edge.sync.request-timeout", "3s");
                c.put("edge.sync.transaction-timeout", "10s");
                c.put("edge.sync.heartbeat-interval", "500ms");
            }
            return c;
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void intactEventsArriveExactlyOnceAndTheDamagedRangeIsReported(QuarkusMainLauncher launcher) throws Exception {
        String bootstrap = KeptAppData.bootstrap(DATA);
        int http = KeptAppData.httpPort(DATA);
        Map<Long, Integer> eventAtOffset = new HashMap<>();
        try (AppRun linkDown = AppRun.start(launcher, http)) {
            // In chunks, so the pipeline writes several transactions (and batches) per curated partition.
            for (int k = 0; k < CHUNKS; k++) {
                int upTo = (k + 1) * PER_CHUNK;
                RawEvents.write(bootstrap, k * PER_CHUNK, upTo, -1);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> CuratedAssertions.count(bootstrap) >= upTo);
            }
            CuratedAssertions.assertExactlyEvents(bootstrap, TOTAL);
            for (ConsumerRecord<byte[], byte[]> r : RawEvents.readAll(bootstrap, "curated." + RawEvents.STREAM).get(0)) {
                eventAtOffset.put(r.offset(), RawEvents.seq(RawEvents.header(r, "ce_id")));
            }
        }

        Path partition0 = Path.of(KeptAppData.settings(DATA).get("edge.data-dir"), "broker", "kafka-logs",
                "curated." + RawEvents.STREAM + "-0");
        List<SegmentDamage.Batch> batches = SegmentDamage.dataBatches(partition0);
        assertThat(batches).as("curated batches of partition 0").hasSizeGreaterThanOrEqualTo(3);
        SegmentDamage.Batch damaged = SegmentDamage.flipInBatch(partition0, batches.size() / 2);
        Set<Integer> lost = new HashSet<>();
        eventAtOffset.forEach((offset, event) -> {
            if (offset >= damaged.baseOffset() && offset < damaged.nextOffset()) {
                lost.add(event);
            }
        });
        assertThat(lost).isNotEmpty();

        try (EmbeddedKafkaBroker centre = EmbeddedKafkaBroker.builder().build().start()) {
            System.setProperty(centreKey(), centre.bootstrapServers());
            try (AppRun linkUp = AppRun.start(launcher, http)) {
                String landing = TopicNames.landing(SITE, RawEvents.STREAM);
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                        .until(() -> count(RawEvents.readAll(centre.bootstrapServers(), landing)) >= TOTAL - lost.size());
                List<Integer> arrived = new ArrayList<>();
                RawEvents.readAll(centre.bootstrapServers(), landing).values()
                        .forEach(rs -> rs.forEach(r -> arrived.add(RawEvents.seq(RawEvents.header(r, "ce_id")))));
                assertThat(arrived).as("every intact event once").doesNotHaveDuplicates().hasSize(TOTAL - lost.size())
                        .doesNotContainAnyElementsOf(lost);

                long from = damaged.baseOffset();
                long to = damaged.nextOffset();
                given().port(http).get("/v1/status").then().statusCode(200)
                        .body("gaps.offsets.corrupt", equalTo((int) (to - from)))
                        .body("gaps.ranges.size()", equalTo(1))
                        .body("gaps.ranges[0].stream", equalTo(RawEvents.STREAM))
                        .body("gaps.ranges[0].partition", equalTo(0))
                        .body("gaps.ranges[0].fromOffset", equalTo((int) from))
                        .body("gaps.ranges[0].toOffset", equalTo((int) to))
                        .body("gaps.ranges[0].cause", equalTo("corrupt"))
                        .body("stateStore.state", equalTo("ok"));
                String metrics = given().port(http).get("/q/metrics").then().statusCode(200).extract().asString();
                assertThat(metric(metrics, "edge_gap_offsets_total", "cause=\"corrupt\"")).isEqualTo((double) (to - from));

                GapRange expected = new GapRange(RawEvents.STREAM, 0, from, to, GapRange.CORRUPT, to - from);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(lastHeartbeat(centre.bootstrapServers()).gaps()).containsExactly(expected));
            } finally {
                System.clearProperty(centreKey());
            }
        }
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    static double metric(String metrics, String name, String label) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample " + name + " with " + label);
    }

    private static int count(Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records) {
        return records.values().stream().mapToInt(List::size).sum();
    }

    private static Heartbeat lastHeartbeat(String bootstrap) {
        TopicPartition tp = new TopicPartition(TopicNames.heartbeats(SITE), 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            assertThat(end).isPositive();
            c.seek(tp, end - 1);
            AtomicReference<Heartbeat> last = new AtomicReference<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (last.get() == null && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> last.set(Heartbeat.decode(r.key(), r.value())));
            }
            return last.get();
        }
    }

    private static String centreKey() {
        return "edgesync.it." + DATA + ".centre";
    }
}
