package dev.edgesync.edge.broker;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owns the embedded broker that holds this box's data and the one admin client every part of the edge uses to
 * administer it: starts the broker on {@code edge.data-dir} before anything else connects, creates the stream
 * topics, and stops it last (the boot order calls {@link #start()} and {@link #stop()}).
 */
@ApplicationScoped
public class EdgeBroker {

    private static final Logger LOG = Logger.getLogger(EdgeBroker.class);
    /**
     * How often the broker deletes segments below a log start moved by deleteRecords, and how long it keeps
     * the files after: short, so a disk quota sees freed space within seconds (Kafka's defaults: 5 min, 1 min).
     */
    public static final long RETENTION_CHECK_MS = 3_000;
    public static final long SEGMENT_DELETE_DELAY_MS = 1_000;

    private final EdgeConfig config;
    private EmbeddedKafkaBroker broker;
    private volatile Admin admin;

    public EdgeBroker(EdgeConfig config) {
        this.config = config;
    }

    /** Starts the broker, opens the shared admin client and creates the stream topics. */
    public void start() {
        Map<String, String> settings = new TreeMap<>();
        // Acked means durable (DESIGN §4.4): fsync every append. Producers batch, so one fsync
        // covers every record of a produce request: a group commit.
        settings.put("log.flush.interval.messages", "1");
        // Sized for a small box, not a cluster node: the log cleaner's dedupe buffer alone is 128 MiB of heap
        // by default, held for the life of the process, while the edge's compacted topics (consumer offsets,
        // transaction state) hold a few thousand keys. Fewer request threads: the box has a few cores.
        settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 << 20));
        settings.put("num.io.threads", "4");
        settings.put("num.network.threads", "2");
        settings.put("background.threads", "4");
        settings.put("log.retention.check.interval.ms", String.valueOf(RETENTION_CHECK_MS));
        settings.put("log.segment.delete.delay.ms", String.valueOf(SEGMENT_DELETE_DELAY_MS));
        settings.put("log.initial.task.delay.ms", "1000");
        // The box's own log takes any timestamp: records stamped while its clock ran ahead are copied raw -> curated
        // after the clock was set right, and Kafka's default (1 h ahead at most) then refused them, stalling the
        // pipeline for good.
        settings.put("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
        settings.put("log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));
        long segment = segmentBytes(diskBytes());
        settings.put("log.segment.bytes", String.valueOf(segment));
        // Compacted internal topics free space only in closed segments; Kafka's 100 MiB would hold it for hours.
        settings.put("offsets.topic.segment.bytes", String.valueOf(Math.min(segment, 100L << 20)));
        settings.put("transaction.state.log.segment.bytes", String.valueOf(Math.min(segment, 100L << 20)));
        settings.putAll(config.broker().config());
        broker = EmbeddedKafkaBroker.builder()
                .dataDir(config.dataDir().resolve("broker"))
                .host(config.broker().host())
                .port(config.broker().port())
                .config(settings)
                .build()
                .start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "edge-local-admin"));
        Map<String, Integer> streams = new TreeMap<>();
        config.streams().forEach((name, s) -> streams.put(name, s.partitions()));
        LocalTopics.ensure(admin, streams, config.buffer().dlqMaxBytes());
        LOG.infof("Edge broker for site %s ready at %s with streams %s", config.site().id(),
                broker.bootstrapServers(), config.streams().keySet());
    }

    /** Size of the data dir's filesystem; 0 if it cannot be read (then only a quota sizes the segments). */
    private long diskBytes() {
        try {
            Files.createDirectories(config.dataDir());
            return Files.getFileStore(config.dataDir()).getTotalSpace();
        } catch (IOException e) {
            LOG.warnf("Could not read the size of the filesystem of %s: %s", config.dataDir(), e.toString());
            return 0;
        }
    }

    /**
     * Segments small next to the room the disk leaves, so that sending and eviction free space in time: the broker
     * frees whole segments only, never a partition's active one, and Kafka's 1 GiB would fill a small disk with
     * data already sent. The room ({@code diskBytes} less the free-space floor and the reserve) spread over every
     * local partition, a sixteenth of that; no larger than the quota asks; within 1 MiB..1 GiB.
     */
    long segmentBytes(long diskBytes) {
        long localPartitions = Math.max(1, 3L * config.streams().values().stream().mapToLong(StreamConfig::partitions).sum());
        long segment = 1L << 30;
        if (diskBytes > 0) {
            var b = config.buffer();
            long floor = Math.max(b.minFreeBytes(), (long) Math.ceil(diskBytes * b.minFreePercent() / 100.0));
            long room = Math.max(0, diskBytes - floor - b.reserveBytes());
            segment = room / 16 / localPartitions;
        }
        long forQuota = segmentBytesForQuota().orElse(Long.MAX_VALUE);
        return Math.max(1L << 20, Math.min(1L << 30, Math.min(segment, forQuota)));
    }

    /**
     * With a quota, segments must be small next to it: space is freed a whole segment at a time and the active
     * segment of each partition is never freed. A quarter of the quota spread over every local partition,
     * within Kafka's 1 MiB..1 GiB.
     */
    java.util.OptionalLong segmentBytesForQuota() {
        long max = config.buffer().maxBytes();
        if (max <= 0) {
            return java.util.OptionalLong.empty();
        }
        long localPartitions = 3L * config.streams().values().stream().mapToLong(StreamConfig::partitions).sum();
        long segment = max / 4 / Math.max(1, localPartitions);
        return java.util.OptionalLong.of(Math.max(1L << 20, Math.min(1L << 30, segment)));
    }

    /** Last of the shutdown: every user of the broker and of its admin client has stopped before. */
    public synchronized void stop() {
        Admin a = admin;
        admin = null;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public String bootstrapServers() {
        return config.broker().host() + ":" + config.broker().port();
    }

    /**
     * The one admin client of the local broker, shared (thread-safe): open from {@link #start()} to {@link #stop()}.
     * Callers never close it.
     *
     * @throws IllegalStateException outside that time
     */
    public Admin admin() {
        Admin a = admin;
        if (a == null) {
            throw new IllegalStateException("the local broker is not running");
        }
        return a;
    }
}
