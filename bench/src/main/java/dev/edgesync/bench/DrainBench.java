package dev.edgesync.bench;

import dev.edgesync.testkit.FaultProxy;
import dev.edgesync.e2e.Ports;
import dev.edgesync.e2e.Topology;
import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.edge.sync.Uplink;
import dev.edgesync.edge.sync.UplinkSettings;
import dev.edgesync.edge.sync.UplinkStatus;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.mirror.MirrorMaker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * Backlog drain: a curated backlog on a local broker (configured as the edge's) shipped to a second broker
 * by our uplink (in-process, the product class) and by MirrorMaker 2 (in-process), both through a
 * {@link FaultProxy} that counts the bytes on the link; then the time from link restore to the first
 * landed record.
 */
final class DrainBench {

    private static final String SITE = "bench-site";
    private static final int PARTITIONS = 3;

    private final Path work;
    private final int backlog;
    private final Events events = new Events();

    DrainBench(Path work, int backlog) {
        this.work = work;
        this.backlog = backlog;
    }

    void run(Report report) throws Exception {
        int targetPort = Ports.free();
        try (FaultProxy link = new FaultProxy(0, "127.0.0.1", targetPort);
             EmbeddedKafkaBroker source = EmbeddedKafkaBroker.builder().dataDir(work.resolve("drain-source")).port(0)
                     .config("log.flush.interval.messages", "1").deleteDataOnClose(true).build().start();
             EmbeddedKafkaBroker target = EmbeddedKafkaBroker.builder().dataDir(work.resolve("drain-target")).port(targetPort)
                     .advertised("127.0.0.1", link.port()).deleteDataOnClose(true).build().start()) {
            String targetVia = "127.0.0.1:" + link.port();
            long jsonBytes = fill(source.bootstrapServers());
            double jsonPerEvent = (double) jsonBytes / backlog;

            // MirrorMaker 2 first: our uplink frees the source log below its checkpoint as it goes.
            long b0 = link.bytesForwarded();
            Result mm2 = mirrorMaker(source.bootstrapServers(), targetVia, "source", false);
            long mm2Bytes = link.bytesForwarded() - b0;
            b0 = link.bytesForwarded();
            Result mm2z = mirrorMaker(source.bootstrapServers(), targetVia, "srcz", true);
            long mm2zBytes = link.bytesForwarded() - b0;

            b0 = link.bytesForwarded();
            Map<String, Integer> streams = new HashMap<>();
            Topology.STREAMS.forEach(s -> streams.put(s, PARTITIONS));
            UplinkSettings settings = UplinkSettings.defaults(SITE, streams, source.bootstrapServers(), targetVia)
                    .withRetryBackoff(Duration.ofSeconds(2)); // the product default of edge.sync.retry-backoff
            // As on the edge, the uplink administers the local broker through the box's one admin client.
            Admin localAdmin = Admin.create(Map.of("bootstrap.servers", source.bootstrapServers()));
            Uplink uplink = new Uplink(settings, localAdmin);
            long t0 = System.nanoTime();
            uplink.start();
            Result ours = awaitCount(t0, () -> committed(uplink.status()));
            long ourBytes = link.bytesForwarded() - b0;

            // Link restore: cut, add a little more data, restore, time to the first landed record.
            link.cut();
            long before = committed(uplink.status());
            Thread.sleep(1000);
            fillMore(source.bootstrapServers(), 1000);
            Thread.sleep(5000);
            String stateAtRestore = uplink.status().state().toString();
            long restoreT0 = System.nanoTime();
            link.restore();
            long firstMs = -1;
            long upMs = -1;
            long deadline = restoreT0 + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (upMs < 0 && uplink.status().state() == dev.edgesync.edge.stream.LinkState.UP) {
                    upMs = (System.nanoTime() - restoreT0) / 1_000_000;
                }
                if (committed(uplink.status()) > before) {
                    firstMs = (System.nanoTime() - restoreT0) / 1_000_000;
                    break;
                }
                Thread.sleep(10);
            }
            uplink.close();
            localAdmin.close();

            report.section("2. Backlog drain (our uplink vs MirrorMaker 2)");
            report.line(String.format("A backlog of %,d retail events in `curated.<stream>` (4 streams × %d partitions) on a local embedded"
                    + " broker (`log.flush.interval.messages=1`, as the edge), shipped to a second embedded broker reached through a"
                    + " `FaultProxy` (the link). Ours: `dev.edgesync.edge.sync.Uplink` in-process with the product defaults"
                    + " (transactions of ≤ 2000 records per partition + checkpoint, zstd, linger 20 ms, batch 512 KiB); done when every"
                    + " partition's committed checkpoint covers the backlog. MM2: `MirrorMaker` 4.2.1 in-process (dedicated mode,"
                    + " defaults: at-least-once, no compression, replication factor 1), topics `curated\\..*`; done when the end"
                    + " offsets of the replicated topics sum to the backlog. MM2 ran first (our uplink deletes source records below"
                    + " its checkpoint). Times start at `start()` and include each tool's startup; the steady rate is measured"
                    + " from the first landed record to the last.", backlog, PARTITIONS));
            report.line("");
            report.row("tool", "total time", "events/s (total)", "first record after", "events/s (steady)");
            report.row("---", "---", "---", "---", "---");
            report.row("edgesync uplink", ours.totalMs + " ms", Report.num(ours.rate(backlog)), ours.firstMs + " ms", Report.num(ours.steadyRate(backlog)));
            report.row("MirrorMaker 2", mm2.totalMs + " ms", Report.num(mm2.rate(backlog)), mm2.firstMs + " ms", Report.num(mm2.steadyRate(backlog)));
            report.row("MirrorMaker 2 tuned like ours (zstd, linger 20 ms, batch 512 KiB)", mm2z.totalMs + " ms", Report.num(mm2z.rate(backlog)),
                    mm2z.firstMs + " ms", Report.num(mm2z.steadyRate(backlog)));
            report.row("**ratio ours / MM2 defaults**", "", Report.ratio(ours.rate(backlog), mm2.rate(backlog)), "",
                    Report.ratio(ours.steadyRate(backlog), mm2.steadyRate(backlog)) + " (target ≥ 1.5×)");
            report.row("**ratio ours / MM2 tuned**", "", Report.ratio(ours.rate(backlog), mm2z.rate(backlog)), "",
                    Report.ratio(ours.steadyRate(backlog), mm2z.steadyRate(backlog)) + " (target ≥ 1.5×)");
            report.line("");
            report.line("Time from link restore to the first landed (committed) record, after a cut of ~6 s with 1,000 events"
                    + " added during the cut, `edge.sync.retry-backoff=2s` (product default): **" + firstMs + " ms** (target ≤ 2000 ms)."
                    + " The uplink's link state just before the restore was " + stateAtRestore + "; it read UP " + upMs
                    + " ms after the restore (0 ms: the cut was shorter than `request-timeout` and the session rode it out"
                    + " on the Kafka client's own reconnects and retries).");
            report.line("");

            report.section("3. Wire efficiency (bytes on the link per event)");
            report.line(String.format("Raw JSON per event (the structured CloudEvent as posted): %.1f bytes. Bytes through the link proxy,"
                    + " both directions counted (so an upper bound on the edge→centre bytes), during each drain above:", jsonPerEvent));
            report.line("");
            report.row("tool", "link bytes / event", "ratio to raw JSON", "target");
            report.row("---", "---", "---", "---");
            report.row("edgesync uplink (zstd)", String.format("%.1f", (double) ourBytes / backlog),
                    String.format("%.3f", ourBytes / (double) jsonBytes), "≤ 0.15");
            report.row("MirrorMaker 2 (defaults, no compression)", String.format("%.1f", (double) mm2Bytes / backlog),
                    String.format("%.3f", mm2Bytes / (double) jsonBytes), "");
            report.row("MirrorMaker 2 tuned (zstd)", String.format("%.1f", (double) mm2zBytes / backlog),
                    String.format("%.3f", mm2zBytes / (double) jsonBytes), "");
            report.line("");
        }
    }

    private long fill(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(Topology.STREAMS.stream().map(s -> new NewTopic(TopicNames.curated(s), PARTITIONS, (short) 1)).toList()).all().get();
        }
        long jsonBytes = 0;
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            int left = backlog;
            while (left > 0) {
                int n = Math.min(left, 50_000);
                for (Events.Prepared e : events.take(n)) {
                    jsonBytes += e.json().length;
                    p.send(e.record(TopicNames.curated(e.stream())));
                }
                left -= n;
            }
            p.flush();
        }
        return jsonBytes;
    }

    private void fillMore(String bootstrap, int n) {
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            events.take(n).forEach(e -> p.send(e.record(TopicNames.curated(e.stream()))));
            p.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long committed(UplinkStatus status) {
        long sum = 0;
        for (Map.Entry<StreamPartition, UplinkStatus.PartitionProgress> e : status.partitions().entrySet()) {
            sum += Math.max(0, e.getValue().committedNextEdgeOffset());
        }
        return sum;
    }

    private Result mirrorMaker(String sourceBootstrap, String targetBootstrap, String alias, boolean tuned) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("clusters", alias + ",target");
        props.put(alias + ".bootstrap.servers", sourceBootstrap);
        props.put("target.bootstrap.servers", targetBootstrap);
        props.put(alias + "->target.enabled", "true");
        props.put(alias + "->target.topics", "curated\\..*");
        props.put("target->" + alias + ".enabled", "false");
        if (tuned) {
            props.put("target.producer.compression.type", "zstd");
            props.put("target.producer.linger.ms", "20");
            props.put("target.producer.batch.size", "524288");
        }
        for (String k : List.of("replication.factor", "checkpoints.topic.replication.factor", "heartbeats.topic.replication.factor",
                "offset-syncs.topic.replication.factor", "offset.storage.replication.factor", "status.storage.replication.factor",
                "config.storage.replication.factor")) {
            props.put(k, "1");
        }
        props.put("sync.topic.acls.enabled", "false");
        props.put("refresh.topics.interval.seconds", "5");
        MirrorMaker mm = new MirrorMaker(props, List.of("target"), Time.SYSTEM);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", targetBootstrap))) {
            long t0 = System.nanoTime();
            mm.start();
            List<TopicPartition> tps = Topology.STREAMS.stream()
                    .flatMap(s -> java.util.stream.IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(alias + "." + TopicNames.curated(s), p)))
                    .toList();
            return awaitCount(t0, () -> endOffsets(admin, tps));
        } finally {
            mm.stop();
        }
    }

    private static long endOffsets(Admin admin, List<TopicPartition> tps) {
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        tps.forEach(tp -> q.put(tp, OffsetSpec.latest()));
        try {
            return admin.listOffsets(q).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (Exception e) {
            return 0; // topics not created yet
        }
    }

    private Result awaitCount(long t0, LongSupplier count) throws InterruptedException {
        long first = -1;
        long deadline = t0 + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            long c = count.getAsLong();
            long now = System.nanoTime();
            if (c > 0 && first < 0) {
                first = now;
            }
            if (c >= backlog) {
                return new Result((now - t0) / 1_000_000, (first - t0) / 1_000_000);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("drain did not finish within 30 minutes");
    }

    private record Result(long totalMs, long firstMs) {
        double rate(long n) {
            return n * 1000.0 / Math.max(1, totalMs);
        }

        double steadyRate(long n) {
            return n * 1000.0 / Math.max(1, totalMs - firstMs);
        }
    }
}
