package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.TopicNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the uplink needs, independent of Quarkus so it can run (and be tested) as plain Java.
 *
 * @param streams stream name to partition count (equal on edge and centre)
 * @param coreKafka client settings passed through to every core client (TLS, SASL, ...)
 */
public record UplinkSettings(
        String site, String region, String cloud,
        Map<String, Integer> streams,
        String localBootstrapServers,
        String coreBootstrapServers,
        Map<String, String> coreKafka,
        boolean createCoreTopics,
        short coreReplicationFactor,
        Duration retryBackoff,
        int maxBatchRecords,
        Duration deleteRecordsInterval,
        Duration transactionTimeout,
        Duration requestTimeout,
        Duration linger,
        int batchBytes,
        String compression) {

    public UplinkSettings {
        TopicNames.requireId(site, "site");
        TopicNames.requireId(region, "region");
        TopicNames.requireId(cloud, "cloud");
        streams = Map.copyOf(new TreeMap<>(streams));
        coreKafka = Map.copyOf(coreKafka);
        Objects.requireNonNull(localBootstrapServers, "localBootstrapServers");
        Objects.requireNonNull(coreBootstrapServers, "coreBootstrapServers");
    }

    /** Defaults fit for tests: the same values as the {@code edge.sync.*} defaults, with a short backoff. */
    public static UplinkSettings defaults(String site, Map<String, Integer> streams, String local, String core) {
        return new UplinkSettings(site, "default", "default", streams, local, core, Map.of(), true, (short) -1,
                Duration.ofMillis(500), 2000, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMillis(20), 524288, "zstd");
    }

    /** Names the link settings but shows none of their values: they hold the SASL password. */
    @Override
    public String toString() {
        return "UplinkSettings[site=" + site + ", streams=" + streams + ", core=" + coreBootstrapServers
                + ", coreKafka keys=" + new TreeMap<>(coreKafka).keySet() + "]";
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

    public UplinkSettings withRetryBackoff(Duration d) {
        return new UplinkSettings(site, region, cloud, streams, localBootstrapServers, coreBootstrapServers, coreKafka,
                createCoreTopics, coreReplicationFactor, d, maxBatchRecords, deleteRecordsInterval, transactionTimeout,
                requestTimeout, linger, batchBytes, compression);
    }

    public UplinkSettings withTimeouts(Duration request, Duration transaction) {
        return new UplinkSettings(site, region, cloud, streams, localBootstrapServers, coreBootstrapServers, coreKafka,
                createCoreTopics, coreReplicationFactor, retryBackoff, maxBatchRecords, deleteRecordsInterval, transaction,
                request, linger, batchBytes, compression);
    }

    public UplinkSettings withMaxBatchRecords(int n) {
        return new UplinkSettings(site, region, cloud, streams, localBootstrapServers, coreBootstrapServers, coreKafka,
                createCoreTopics, coreReplicationFactor, retryBackoff, n, deleteRecordsInterval, transactionTimeout,
                requestTimeout, linger, batchBytes, compression);
    }

    public UplinkSettings withDeleteRecordsInterval(Duration d) {
        return new UplinkSettings(site, region, cloud, streams, localBootstrapServers, coreBootstrapServers, coreKafka,
                createCoreTopics, coreReplicationFactor, retryBackoff, maxBatchRecords, d, transactionTimeout,
                requestTimeout, linger, batchBytes, compression);
    }
}
