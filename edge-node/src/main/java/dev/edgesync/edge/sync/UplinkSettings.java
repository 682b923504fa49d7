package dev.edgesync.edge.sync;

import dev.edgesync.edge.link.LinkSettings;
import dev.edgesync.edge.stream.StreamPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the uplink needs, independent of Quarkus so it can run (and be tested) as plain Java: the
 * {@link LinkSettings} it shares with the downlink, and its own.
 *
 * @param streams stream name to partition count (equal on edge and centre)
 */
public record UplinkSettings(
        LinkSettings link,
        Map<String, Integer> streams,
        String localBootstrapServers,
        boolean createCoreTopics,
        short coreReplicationFactor,
        int maxBatchRecords,
        Duration deleteRecordsInterval,
        Duration transactionTimeout,
        Duration linger,
        int batchBytes,
        String compression) {

    public UplinkSettings {
        Objects.requireNonNull(link, "link");
        streams = Map.copyOf(new TreeMap<>(streams));
        Objects.requireNonNull(localBootstrapServers, "localBootstrapServers");
    }

    /** Defaults fit for tests: the same values as the {@code edge.sync.*} defaults, with a short backoff. */
    public static UplinkSettings defaults(String site, Map<String, Integer> streams, String local, String core) {
        return new UplinkSettings(new LinkSettings(site, "default", "default", core, Map.of(), Duration.ofMillis(500),
                Duration.ofSeconds(10)), streams, local, true, (short) -1, 2000, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMillis(20), 524288, "zstd");
    }

    public String site() {
        return link.site();
    }

    public String region() {
        return link.region();
    }

    public String cloud() {
        return link.cloud();
    }

    public String coreBootstrapServers() {
        return link.coreBootstrapServers();
    }

    /** Client settings passed through to every core client (TLS, SASL, ...). */
    public Map<String, String> coreKafka() {
        return link.coreKafka();
    }

    public Duration retryBackoff() {
        return link.retryBackoff();
    }

    public Duration requestTimeout() {
        return link.requestTimeout();
    }

    /** Names the link settings but shows none of their values: they hold the SASL password. */
    @Override
    public String toString() {
        return "UplinkSettings[site=" + site() + ", streams=" + streams + ", core=" + coreBootstrapServers()
                + ", coreKafka keys=" + new TreeMap<>(coreKafka()).keySet() + "]";
    }

    /** Every (stream, partition) the uplink ships, in a stable order. */
    public List<StreamPartition> partitions() {
        List<StreamPartition> all = new ArrayList<>();
        new TreeMap<>(streams).forEach((s, n) -> {
            for (int p = 0; p < n; p++) {
                all.add(new StreamPartition(s, p));
            }
        });
        return all;
    }

    public UplinkSettings withLink(LinkSettings l) {
        return new UplinkSettings(l, streams, localBootstrapServers, createCoreTopics, coreReplicationFactor,
                maxBatchRecords, deleteRecordsInterval, transactionTimeout, linger, batchBytes, compression);
    }

    public UplinkSettings withRetryBackoff(Duration d) {
        return withLink(link.withRetryBackoff(d));
    }

    public UplinkSettings withTimeouts(Duration request, Duration transaction) {
        return new UplinkSettings(link.withRequestTimeout(request), streams, localBootstrapServers, createCoreTopics,
                coreReplicationFactor, maxBatchRecords, deleteRecordsInterval, transaction, linger, batchBytes, compression);
    }

    public UplinkSettings withMaxBatchRecords(int n) {
        return new UplinkSettings(link, streams, localBootstrapServers, createCoreTopics, coreReplicationFactor, n,
                deleteRecordsInterval, transactionTimeout, linger, batchBytes, compression);
    }

    public UplinkSettings withDeleteRecordsInterval(Duration d) {
        return new UplinkSettings(link, streams, localBootstrapServers, createCoreTopics, coreReplicationFactor,
                maxBatchRecords, d, transactionTimeout, linger, batchBytes, compression);
    }
}
