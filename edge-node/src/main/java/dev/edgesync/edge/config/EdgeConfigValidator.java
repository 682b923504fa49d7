package dev.edgesync.edge.config;

import dev.edgesync.edge.admission.AdmissionSettings;
import dev.edgesync.edge.api.ApiSettings;
import dev.edgesync.edge.buffer.BufferPolicy;
import dev.edgesync.edge.link.LinkSecrets;
import dev.edgesync.edge.stream.Priority;
import dev.edgesync.edge.pipeline.PipelineFactory;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.protocol.downlink.RuntimeSettings;
import io.quarkus.runtime.LaunchMode;

import java.util.ArrayList;
import java.util.List;

/** Checks an {@link EdgeConfig} and reports every problem at once, each naming its key. */
public final class EdgeConfigValidator {

    private EdgeConfigValidator() {
    }

    public static List<String> problems(EdgeConfig c) {
        List<String> p = problems(c, System::getenv);
        p.addAll(ApiSettings.problems(c.api(), LaunchMode.current() == LaunchMode.NORMAL));
        return p;
    }

    /** As {@link #problems(EdgeConfig)}, with {@code env} resolving environment variables (the hash secret). */
    public static List<String> problems(EdgeConfig c, java.util.function.Function<String, String> env) {
        List<String> p = new ArrayList<>();
        if (!TopicNames.isValidId(c.site().id())) {
            p.add("edge.site.id='" + c.site().id() + "' is not a valid site id: use 1-63 lower-case letters, digits or '-'");
        }
        if (!TopicNames.isValidId(c.site().region())) {
            p.add("edge.site.region='" + c.site().region() + "' is not a valid region name: use lower-case letters, digits or '-'");
        }
        if (!TopicNames.isValidId(c.site().cloud())) {
            p.add("edge.site.cloud='" + c.site().cloud() + "' is not a valid cloud name: use lower-case letters, digits or '-'");
        }
        if (c.broker().port() < 1 || c.broker().port() > 65535) {
            p.add("edge.broker.port=" + c.broker().port() + " must be within 1..65535");
        }
        if (c.streams().isEmpty()) {
            p.add("edge.streams: no stream is declared; declare at least one, e.g. edge.streams.sales.partitions=3");
        }
        c.streams().forEach((name, s) -> {
            if (!TopicNames.isValidId(name)) {
                p.add("edge.streams." + name + ": '" + name + "' is not a valid stream name: use lower-case letters, digits or '-'");
            }
            if (s.partitions() < 1 || s.partitions() > 1000) {
                p.add("edge.streams." + name + ".partitions=" + s.partitions() + " must be within 1..1000");
            }
            streamPressureProblems(name, s, p);
        });
        if (c.ingest().maxBodyBytes() < 1024) {
            p.add("edge.ingest.max-body-bytes=" + c.ingest().maxBodyBytes() + " must be at least 1024");
        }
        if (c.ingest().maxTimeAhead().isNegative() || c.ingest().maxTimeAhead().isZero()) {
            p.add("edge.ingest.max-time-ahead=" + c.ingest().maxTimeAhead() + " must be positive");
        }
        if (c.ingest().maxBatchEvents() < 1) {
            p.add("edge.ingest.max-batch-events=" + c.ingest().maxBatchEvents() + " must be at least 1");
        }
        p.addAll(AdmissionSettings.problems(c.ingest(), Runtime.getRuntime().maxMemory()));
        if (c.sync().maxBatchRecords() < 1) {
            p.add("edge.sync.max-batch-records=" + c.sync().maxBatchRecords() + " must be at least 1");
        }
        if (c.sync().retryBackoff().isNegative() || c.sync().retryBackoff().isZero()) {
            p.add("edge.sync.retry-backoff=" + c.sync().retryBackoff() + " must be positive");
        }
        if (c.sync().deleteRecordsInterval().isNegative() || c.sync().deleteRecordsInterval().isZero()) {
            p.add("edge.sync.delete-records-interval=" + c.sync().deleteRecordsInterval() + " must be positive");
        }
        if (c.sync().requestTimeout().toMillis() < 1000) {
            p.add("edge.sync.request-timeout=" + c.sync().requestTimeout() + " must be at least 1s");
        }
        if (c.sync().transactionTimeout().compareTo(c.sync().requestTimeout().multipliedBy(2)) < 0) {
            p.add("edge.sync.transaction-timeout=" + c.sync().transactionTimeout()
                    + " must be at least twice edge.sync.request-timeout (" + c.sync().requestTimeout()
                    + "), so the uplink gives up on a stalled transaction before the centre aborts it");
        }
        if (c.sync().linger().isNegative()) {
            p.add("edge.sync.linger=" + c.sync().linger() + " must not be negative");
        }
        if (c.sync().batchBytes() < 1024) {
            p.add("edge.sync.batch-bytes=" + c.sync().batchBytes() + " must be at least 1024");
        }
        if (!List.of("none", "gzip", "snappy", "lz4", "zstd").contains(c.sync().compression())) {
            p.add("edge.sync.compression='" + c.sync().compression() + "' is unknown: use none, gzip, snappy, lz4 or zstd");
        }
        syncPressureProblems(c, p);
        if (c.downlink().discoveryInterval().toMillis() < 100) {
            p.add("edge.downlink.discovery-interval=" + c.downlink().discoveryInterval() + " must be at least 100ms");
        }
        if (c.downlink().minBytesPerSecond() < RuntimeSettings.MIN_BYTES_PER_SECOND) {
            p.add("edge.downlink.min-bytes-per-second=" + c.downlink().minBytesPerSecond() + " must be at least "
                    + RuntimeSettings.MIN_BYTES_PER_SECOND);
        }
        if (c.downlink().maxMessageBytes() < 1024) {
            p.add("edge.downlink.max-message-bytes=" + c.downlink().maxMessageBytes() + " must be at least 1024");
        }
        c.core().bootstrapServers().ifPresent(b -> {
            if (b.isBlank()) {
                p.add("edge.core.bootstrap-servers is blank: remove it to disable the uplink, or give host:port[,host:port]");
            }
        });
        p.addAll(LinkSecrets.problems(c.core().kafkaSecretsFile()));
        p.addAll(PipelineFactory.problems(c, env));
        return p;
    }

    /** Priority, buffer policy and max-age of one stream (issue #4). */
    private static void streamPressureProblems(String name, EdgeConfig.Stream s, List<String> p) {
        String key = "edge.streams." + name;
        var priority = Priority.parse(s.priority());
        if (priority.isEmpty()) {
            p.add(key + ".priority='" + s.priority() + "' is unknown: use critical, normal or bulk");
        }
        var policy = BufferPolicy.parse(s.bufferPolicy());
        if (policy.isEmpty()) {
            p.add(key + ".buffer-policy='" + s.bufferPolicy() + "' is unknown: use reject or drop-oldest");
        }
        if (priority.orElse(null) == Priority.CRITICAL && policy.orElse(null) == BufferPolicy.DROP_OLDEST
                && !s.allowDropCritical()) {
            p.add(key + ".buffer-policy=drop-oldest on a critical stream would delete critical data unsent: use reject,"
                    + " or set " + key + ".allow-drop-critical=true to accept that");
        }
        s.maxAge().ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                p.add(key + ".max-age=" + age + " must be positive (remove it for no limit)");
            }
        });
    }

    /** Bandwidth cap, weights, heartbeats and the disk quota (issue #4). */
    private static void syncPressureProblems(EdgeConfig c, List<String> p) {
        if (c.sync().maxBytesPerSecond() < 0) {
            p.add("edge.sync.max-bytes-per-second=" + c.sync().maxBytesPerSecond() + " must be 0 (no cap) or positive");
        } else if (c.sync().maxBytesPerSecond() > 0 && c.sync().maxBytesPerSecond() < 1024) {
            p.add("edge.sync.max-bytes-per-second=" + c.sync().maxBytesPerSecond()
                    + " is below 1024: a transaction commit alone takes a few hundred bytes; use 0 for no cap");
        }
        var w = c.sync().weights();
        checkWeight("edge.sync.weights.critical", w.critical(), p);
        checkWeight("edge.sync.weights.normal", w.normal(), p);
        checkWeight("edge.sync.weights.bulk", w.bulk(), p);
        if (c.sync().heartbeatInterval().toMillis() < 100) {
            p.add("edge.sync.heartbeat-interval=" + c.sync().heartbeatInterval() + " must be at least 100ms");
        }
        var b = c.buffer();
        if (b.maxBytes() < 0) {
            p.add("edge.buffer.max-bytes=" + b.maxBytes() + " must be 0 (no quota) or positive");
        } else if (b.maxBytes() > 0 && b.maxBytes() < minQuotaBytes(c)) {
            p.add("edge.buffer.max-bytes=" + b.maxBytes() + " is below " + minQuotaBytes(c) + " bytes (2 MiB per local"
                    + " partition: raw, curated and dlq of every stream): the log frees disk a whole segment (1 MiB at"
                    + " least) at a time and never its active one, so a smaller quota would fill with data already sent");
        }
        if (!(b.lowWatermark() > 0 && b.lowWatermark() < b.highWatermark() && b.highWatermark() <= 1)) {
            p.add("edge.buffer.low-watermark=" + b.lowWatermark() + " and edge.buffer.high-watermark=" + b.highWatermark()
                    + " must satisfy 0 < low < high <= 1");
        }
        if (b.checkInterval().toMillis() < 100) {
            p.add("edge.buffer.check-interval=" + b.checkInterval() + " must be at least 100ms");
        }
        if (b.retryAfterSeconds() < 1) {
            p.add("edge.buffer.retry-after-seconds=" + b.retryAfterSeconds() + " must be at least 1");
        }
    }

    private static void checkWeight(String key, int weight, List<String> p) {
        if (weight < 1 || weight > 1000) {
            p.add(key + "=" + weight + " must be within 1..1000");
        }
    }

    /** Throws an {@link IllegalStateException} listing every problem, if there is any. */
    /** The smallest quota the log can keep: every local partition's active segment (1 MiB at least) twice over. */
    public static long minQuotaBytes(EdgeConfig c) {
        long localPartitions = 3L * c.streams().values().stream().mapToLong(EdgeConfig.Stream::partitions).sum();
        return Math.max(8L << 20, localPartitions * (2L << 20));
    }

    public static void validate(EdgeConfig c) {
        List<String> p = problems(c);
        if (!p.isEmpty()) {
            throw new IllegalStateException("Invalid edge-node configuration:\n  - " + String.join("\n  - ", p));
        }
    }
}
