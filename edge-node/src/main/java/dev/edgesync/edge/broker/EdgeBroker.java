package dev.edgesync.edge.broker;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.EdgeConfigValidator;
import dev.edgesync.edge.pipeline.PipelineFactory;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeMap;

/**
 * Owns the embedded broker that holds this box's data: validates the configuration, starts the
 * broker on {@code edge.data-dir} before anything else connects, creates the stream topics, and
 * stops it last.
 */
@ApplicationScoped
public class EdgeBroker {

    private static final Logger LOG = Logger.getLogger(EdgeBroker.class);
    /** Before SmallRye Reactive Messaging (which starts its channels at LIBRARY_BEFORE). */
    static final int START_PRIORITY = 10;
    /**
     * How often the broker deletes segments below a log start moved by deleteRecords, and how long it keeps
     * the files after: short, so a disk quota sees freed space within seconds (Kafka's defaults: 5 min, 1 min).
     */
    public static final long RETENTION_CHECK_MS = 3_000;
    public static final long SEGMENT_DELETE_DELAY_MS = 1_000;

    private final EdgeConfig config;
    private EmbeddedKafkaBroker broker;

    public EdgeBroker(EdgeConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) {
        EdgeConfigValidator.validate(config);
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
        segmentBytesForQuota().ifPresent(b -> settings.put("log.segment.bytes", String.valueOf(b)));
        settings.putAll(config.broker().config());
        broker = EmbeddedKafkaBroker.builder()
                .dataDir(config.dataDir().resolve("broker"))
                .host(config.broker().host())
                .port(config.broker().port())
                .config(settings)
                .build()
                .start();
        try (Admin admin = admin()) {
            Map<String, Integer> streams = new TreeMap<>();
            config.streams().forEach((name, s) -> streams.put(name, s.partitions()));
            LocalTopics.ensure(admin, streams);
            Map<String, Integer> changelogs = new TreeMap<>();
            PipelineFactory.aggregatedStreams(config).forEach((s, n) -> changelogs.put(PipelineFactory.changelogTopic(s), n));
            LocalTopics.ensureChangelogs(admin, changelogs);
        }
        LOG.infof("Edge broker for site %s ready at %s with streams %s", config.site().id(),
                broker.bootstrapServers(), config.streams().keySet());
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
        long localPartitions = 3L * config.streams().values().stream().mapToLong(EdgeConfig.Stream::partitions).sum();
        long segment = max / 4 / Math.max(1, localPartitions);
        return java.util.OptionalLong.of(Math.max(1L << 20, Math.min(1L << 30, segment)));
    }

    /** Last observer of shutdown: every client of this broker has been closed before. */
    void onStop(@Observes @Priority(Integer.MAX_VALUE - 10) ShutdownEvent ev) {
        close();
    }

    public synchronized void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public String bootstrapServers() {
        return config.broker().host() + ":" + config.broker().port();
    }

    /** A new admin client of the local broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
}
