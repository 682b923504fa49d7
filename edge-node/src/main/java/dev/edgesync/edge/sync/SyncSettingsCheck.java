package dev.edgesync.edge.sync;

import dev.edgesync.edge.link.LinkSecrets;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.SiteConfig;
import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.config.SyncConfig;
import dev.edgesync.edge.stream.Priority;
import dev.edgesync.protocol.TopicNames;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks what the uplink needs: who this site is at the centre ({@code edge.site.*}), the link ({@code edge.core.*}),
 * {@code edge.sync.*} and each stream's priority and max-age; each problem names its key.
 */
public final class SyncSettingsCheck {

    private SyncSettingsCheck() {
    }

    public static List<String> problems(EdgeConfig c) {
        List<String> p = new ArrayList<>();
        siteProblems(c.site(), p);
        c.streams().forEach((name, s) -> streamProblems("edge.streams." + name, s, p));
        var sync = c.sync();
        if (sync.maxBatchRecords() < 1) {
            p.add("edge.sync.max-batch-records=" + sync.maxBatchRecords() + " must be at least 1");
        }
        if (sync.retryBackoff().isNegative() || sync.retryBackoff().isZero()) {
            p.add("edge.sync.retry-backoff=" + sync.retryBackoff() + " must be positive");
        }
        if (sync.deleteRecordsInterval().isNegative() || sync.deleteRecordsInterval().isZero()) {
            p.add("edge.sync.delete-records-interval=" + sync.deleteRecordsInterval() + " must be positive");
        }
        if (sync.requestTimeout().toMillis() < 1000) {
            p.add("edge.sync.request-timeout=" + sync.requestTimeout() + " must be at least 1s");
        }
        if (sync.transactionTimeout().compareTo(sync.requestTimeout().multipliedBy(2)) < 0) {
            p.add("edge.sync.transaction-timeout=" + sync.transactionTimeout()
                    + " must be at least twice edge.sync.request-timeout (" + sync.requestTimeout()
                    + "), so the uplink gives up on a stalled transaction before the centre aborts it");
        }
        if (sync.linger().isNegative()) {
            p.add("edge.sync.linger=" + sync.linger() + " must not be negative");
        }
        if (sync.batchBytes() < 1024) {
            p.add("edge.sync.batch-bytes=" + sync.batchBytes() + " must be at least 1024");
        }
        if (!List.of("none", "gzip", "snappy", "lz4", "zstd").contains(sync.compression())) {
            p.add("edge.sync.compression='" + sync.compression() + "' is unknown: use none, gzip, snappy, lz4 or zstd");
        }
        pressureProblems(sync, p);
        c.core().bootstrapServers().ifPresent(b -> {
            if (b.isBlank()) {
                p.add("edge.core.bootstrap-servers is blank: remove it to disable the uplink, or give host:port[,host:port]");
            }
        });
        p.addAll(LinkSecrets.problems(c.core().kafkaSecretsFile()));
        return p;
    }

    private static void siteProblems(SiteConfig site, List<String> p) {
        if (!TopicNames.isValidId(site.id())) {
            p.add("edge.site.id='" + site.id() + "' is not a valid site id: use 1-63 lower-case letters, digits or '-'");
        }
        if (!TopicNames.isValidId(site.region())) {
            p.add("edge.site.region='" + site.region() + "' is not a valid region name: use lower-case letters, digits or '-'");
        }
        if (!TopicNames.isValidId(site.cloud())) {
            p.add("edge.site.cloud='" + site.cloud() + "' is not a valid cloud name: use lower-case letters, digits or '-'");
        }
    }

    /** Priority and max-age of one stream (issue #4). */
    private static void streamProblems(String key, StreamConfig s, List<String> p) {
        try {
            Priority.parse(s.priority());
        } catch (IllegalArgumentException e) {
            p.add(key + ".priority=" + e.getMessage());
        }
        s.maxAge().ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                p.add(key + ".max-age=" + age + " must be positive (remove it for no limit)");
            }
        });
    }

    /** Bandwidth cap, weights and heartbeats (issue #4). */
    private static void pressureProblems(SyncConfig sync, List<String> p) {
        if (sync.maxBytesPerSecond() < 0) {
            p.add("edge.sync.max-bytes-per-second=" + sync.maxBytesPerSecond() + " must be 0 (no cap) or positive");
        } else if (sync.maxBytesPerSecond() > 0 && sync.maxBytesPerSecond() < 1024) {
            p.add("edge.sync.max-bytes-per-second=" + sync.maxBytesPerSecond()
                    + " is below 1024: a transaction commit alone takes a few hundred bytes; use 0 for no cap");
        }
        var w = sync.weights();
        checkWeight("edge.sync.weights.critical", w.critical(), p);
        checkWeight("edge.sync.weights.normal", w.normal(), p);
        checkWeight("edge.sync.weights.bulk", w.bulk(), p);
        if (sync.heartbeatInterval().toMillis() < 100) {
            p.add("edge.sync.heartbeat-interval=" + sync.heartbeatInterval() + " must be at least 100ms");
        }
    }

    private static void checkWeight(String key, int weight, List<String> p) {
        if (weight < 1 || weight > 1000) {
            p.add(key + "=" + weight + " must be within 1..1000");
        }
    }
}
