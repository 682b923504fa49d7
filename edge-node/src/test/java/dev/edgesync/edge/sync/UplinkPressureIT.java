package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.Priority;
import dev.edgesync.edge.stream.LinkState;

import dev.edgesync.edge.broker.LocalTopics;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.LocalPorts;
import dev.edgesync.protocol.GapRange;
import dev.edgesync.protocol.Heartbeat;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.testkit.FaultProxy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Priorities, the bandwidth cap, max-age and heartbeats of the uplink, against two real brokers. */
class UplinkPressureIT {

    private static final String SITE = "store-p";

    @TempDir
    Path coreDir;
    private EmbeddedKafkaBroker local;
    private EmbeddedKafkaBroker core;
    private FaultProxy proxy;
    private final List<Uplink> uplinks = new ArrayList<>();
    /** The local broker's admin client of each uplink started, as the edge broker would share it. */
    private final List<Admin> localAdmins = new ArrayList<>();

    @AfterEach
    void stop() {
        uplinks.forEach(Uplink::close);
        localAdmins.forEach(Admin::close);
        if (proxy != null) {
            proxy.close();
        }
        if (core != null) {
            core.close();
        }
        if (local != null) {
            local.close();
        }
    }

    private void brokers(Map<String, Integer> streams, boolean viaProxy) throws Exception {
        local = EmbeddedKafkaBroker.builder().build().start();
        try (Admin admin = SyncFixture.admin(local.bootstrapServers())) {
            LocalTopics.ensure(admin, streams);
        }
        int port = LocalPorts.free();
        EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().dataDir(coreDir).port(port).controllerPort(LocalPorts.free());
        if (viaProxy) {
            int proxyPort = LocalPorts.free();
            proxy = new FaultProxy(proxyPort, port);
            b.advertised("127.0.0.1", proxyPort);
        }
        core = b.build().start();
    }

    private Uplink start(Map<String, Integer> streams, UplinkShared shared) {
        UplinkSettings s = UplinkSettings.defaults(SITE, streams, local.bootstrapServers(), core.bootstrapServers())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15))
                .withRetryBackoff(Duration.ofMillis(300))
                .withMaxBatchRecords(1000)
                .withDeleteRecordsInterval(Duration.ofHours(1));
        Uplink u = new Uplink(s, shared, localAdmin(s)).start();
        uplinks.add(u);
        return u;
    }

    private static final Random RANDOM = new Random(42);

    /** Writes {@code n} records to curated.{@code stream} in transactions of 500, round robin over partitions. */
    static void writeCurated(String bootstrap, String stream, int partitions, int n, int valueBytes, IntToLongFunction timestamp) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-curated-" + UUID.randomUUID());
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < n; i++) {
                byte[] random = new byte[valueBytes * 3 / 4];
                RANDOM.nextBytes(random);
                RecordHeaders h = new RecordHeaders();
                h.add(SyncHeaders.CE_ID, SyncFixture.utf8(stream + "-" + i));
                p.send(new ProducerRecord<>(TopicNames.curated(stream), i % partitions, timestamp.applyAsLong(i),
                        SyncFixture.utf8("k" + i), Base64.getEncoder().encode(random), h));
                if ((i + 1) % 500 == 0) {
                    p.commitTransaction();
                    p.beginTransaction();
                }
            }
            p.commitTransaction();
        }
    }

    /** Committed records in a landing topic (end offsets minus transaction markers is not needed: we read). */
    private long landedCount(String stream, int partitions) {
        return SyncFixture.readAll(core.bootstrapServers(), TopicNames.landing(SITE, stream), partitions)
                .values().stream().mapToLong(List::size).sum();
    }

    private long landedOffsets(String stream, int partitions) {
        try (KafkaConsumer<byte[], byte[]> c = SyncFixture.consumer(core.bootstrapServers())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(TopicNames.landing(SITE, stream), p));
            }
            return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void aCriticalEventPostedDuringALargeBulkDrainLandsWithinAboutASecondBeforeMostOfTheBulk() throws Exception {
        Map<String, Integer> streams = Map.of("bulk", 3, "alerts", 1);
        brokers(streams, false);
        int bulk = 50_000;
        writeCurated(local.bootstrapServers(), "bulk", 3, bulk, 1_000, i -> System.currentTimeMillis());
        DrainPolicy policy = new DrainPolicy(Map.of("bulk", Priority.BULK, "alerts", Priority.CRITICAL), Map.of(), 8, 4, 1);
        Uplink u = start(streams, UplinkShared.defaults().withPolicy(policy));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> landedOffsets("bulk", 3) > 2_000);

        long latencyMs;
        long bulkLandedThen;
        try (KafkaConsumer<byte[], byte[]> watch = SyncFixture.consumer(core.bootstrapServers())) {
            TopicPartition alerts = new TopicPartition(TopicNames.landing(SITE, "alerts"), 0);
            watch.assign(List.of(alerts));
            watch.seekToBeginning(List.of(alerts));
            watch.poll(Duration.ofMillis(100));
            // Posted = committed to curated, as the pipeline would; the writer's own startup is not counted.
            writeCurated(local.bootstrapServers(), "alerts", 1, 1, 200, i -> System.currentTimeMillis());
            long postedAt = System.nanoTime();
            long deadline = postedAt + 10_000_000_000L;
            while (watch.poll(Duration.ofMillis(10)).isEmpty() && System.nanoTime() < deadline) {
                // polling until the critical record is visible at the centre
            }
            latencyMs = (System.nanoTime() - postedAt) / 1_000_000;
            bulkLandedThen = landedOffsets("bulk", 3);
        }

        System.out.printf("critical latency %d ms; bulk offsets landed by then %d of %d%n", latencyMs, bulkLandedThen, bulk);
        assertThat(latencyMs).as("critical latency during the bulk drain").isLessThan(1_500);
        assertThat(bulkLandedThen).as("bulk landed when the critical event did").isLessThan(bulk / 2);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> landedCount("bulk", 3) >= bulk);
        assertThat(landedCount("bulk", 3)).isEqualTo(bulk);
        assertThat(landedCount("alerts", 1)).isEqualTo(1);
        assertThat(u.shared().counters().stream("bulk").sent()).isEqualTo(bulk);
        assertThat(u.shared().counters().stream("alerts").sent()).isEqualTo(1);
    }

    @Test
    void theBandwidthCapHoldsOverATenSecondWindowOnTheWire() throws Exception {
        Map<String, Integer> streams = Map.of("bulk", 3);
        brokers(streams, true);
        long cap = 250_000;
        // Random base64 compresses to about 3/4: 20k x 400 B is ~6 MB on the wire, ~24 s at the cap.
        writeCurated(local.bootstrapServers(), "bulk", 3, 20_000, 400, i -> System.currentTimeMillis());
        UplinkShared shared = UplinkShared.defaults();
        shared.limiter().setRate(cap);
        Uplink u = start(streams, shared);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> u.status().state() == LinkState.UP && shared.counters().stream("bulk").sent() > 0);
        // Past the connect and the first rounds: measure a stable window.
        long warm = System.nanoTime() + 2_000_000_000L;
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> System.nanoTime() >= warm);
        long b0 = proxy.bytesUp();
        long t0 = System.nanoTime();
        long end = t0 + 10_000_000_000L;
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> System.nanoTime() >= end);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = (proxy.bytesUp() - b0) / seconds;
        System.out.printf("wire rate %.0f B/s over %.1f s at cap %d%n", rate, seconds, cap);
        assertThat(shared.counters().stream("bulk").sent()).as("still draining: the cap, not the data, limited the window")
                .isLessThan(20_000);
        assertThat(rate).as("wire bytes/s through the link over %.1f s", seconds).isBetween(cap * 0.85, cap * 1.05);

        // Raised at runtime: the rest drains fast.
        shared.limiter().setRate(0);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> shared.counters().stream("bulk").sent() == 20_000);
        assertThat(landedCount("bulk", 3)).isEqualTo(20_000);
    }

    @Test
    void recordsOlderThanMaxAgeAreCountedAsExpiredAndNotSentAndTheRestKeepsItsOrder() throws Exception {
        Map<String, Integer> streams = Map.of("sales", 2);
        brokers(streams, false);
        long now = System.currentTimeMillis();
        // Every third record is two hours old.
        writeCurated(local.bootstrapServers(), "sales", 2, 3_000, 100, i -> i % 3 == 0 ? now - 7_200_000 : now);
        DrainPolicy policy = new DrainPolicy(Map.of(), Map.of("sales", Duration.ofHours(1)), 8, 4, 1);
        AtomicHeartbeats beats = new AtomicHeartbeats();
        List<GapRange> gaps = java.util.Collections.synchronizedList(new ArrayList<>());
        Uplink u = start(streams, UplinkShared.defaults().withPolicy(policy).withHeartbeats(beats, Duration.ofMillis(300))
                .withGaps(gaps::add));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> u.shared().counters().stream("sales").sent() + u.shared().counters().stream("sales").expired() == 3_000);
        assertThat(u.shared().counters().stream("sales").expired()).isEqualTo(1_000);
        // Each expired record sits between sent ones: one range of one record each, recorded as a gap.
        synchronized (gaps) {
            assertThat(gaps).hasSize(1_000).allMatch(g -> g.cause().equals(GapRange.EXPIRED) && g.count() == 1
                    && g.offsets() == 1 && g.stream().equals("sales"));
        }
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> landed = SyncFixture.readAll(core.bootstrapServers(),
                TopicNames.landing(SITE, "sales"), 2);
        List<Integer> ids = new ArrayList<>();
        landed.forEach((p, rs) -> {
            int previous = -1;
            for (ConsumerRecord<byte[], byte[]> r : rs) {
                int i = Integer.parseInt(SyncFixture.header(r, SyncHeaders.CE_ID).substring("sales-".length()));
                assertThat(i % 3).as("expired record %d was sent", i).isNotZero();
                assertThat(i % 2).isEqualTo(p);
                assertThat(i).isGreaterThan(previous);
                previous = i;
                ids.add(i);
            }
        });
        assertThat(ids).hasSize(2_000).doesNotHaveDuplicates();
        // The checkpoints cover the expired records too: a resume does not meet them again.
        Map<Integer, dev.edgesync.protocol.Checkpoint> cps = new HashMap<>();
        SyncFixture.readAll(core.bootstrapServers(), TopicNames.checkpoints(SITE), 1).get(0).forEach(r -> {
            var c = dev.edgesync.protocol.Checkpoint.decode(r.key(), r.value());
            cps.put(c.partition(), c);
        });
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> c = SyncFixture.consumer(local.bootstrapServers())) {
            ends = c.endOffsets(List.of(new TopicPartition("curated.sales", 0), new TopicPartition("curated.sales", 1)));
        }
        for (int p = 0; p < 2; p++) {
            // The last offset of each partition is a commit marker.
            assertThat(cps.get(p).nextEdgeOffset()).isEqualTo(ends.get(new TopicPartition("curated.sales", p)) - 1);
        }

        // Heartbeats reached the site's heartbeat topic at the centre.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                SyncFixture.readAll(core.bootstrapServers(), TopicNames.heartbeats(SITE), 1).get(0).stream()
                        .map(r -> Heartbeat.decode(r.key(), r.value()))
                        .anyMatch(h -> h.site().equals(SITE) && h.streams().get("sales").expiredEvents() == 1_000));
    }

    /** Heartbeats built from the counters of the uplink they belong to, as the app does (simplified). */
    private final class AtomicHeartbeats implements java.util.function.Supplier<Optional<Heartbeat>> {
        @Override
        public Optional<Heartbeat> get() {
            if (uplinks.isEmpty()) {
                return Optional.empty();
            }
            SyncCounters.Stream s = uplinks.get(0).shared().counters().stream("sales");
            return Optional.of(new Heartbeat(SITE, System.currentTimeMillis(), "up", -1, 0, 0, -1, Map.of("sales",
                    new Heartbeat.StreamFigures("normal", -1, -1, -1, s.sent(), s.expired(), 0))));
        }
    }

    private Admin localAdmin(UplinkSettings s) {
        Admin a = SyncFixture.admin(s.localBootstrapServers());
        localAdmins.add(a);
        return a;
    }
}
