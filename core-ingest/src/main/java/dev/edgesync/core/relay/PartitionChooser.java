package dev.edgesync.core.relay;

import org.apache.kafka.common.utils.Utils;

/**
 * Picks the analytics partition of a landed record.
 *
 * <p>Rule: keep the landing partition number when the analytics topic has that partition;
 * otherwise hash the key as Kafka's default partitioner does (a record without key then falls back to
 * the landing partition modulo the partition count).
 *
 * <p>Why per-key order per site holds: the edge keeps every key of a stream in one curated and so one
 * landing partition; the target is a pure function of (landing partition, key, partition count), so
 * all records of a key of a site go to one analytics partition, and the relay writes each landing
 * partition's records in order. Keeping the number (instead of always hashing) means an analytics
 * topic sized like the landing topics mirrors the edge's partitioning exactly, key-less records included.
 */
public final class PartitionChooser {

    private PartitionChooser() {
    }

    public static int choose(int landingPartition, byte[] key, int targetPartitions) {
        if (targetPartitions < 1) {
            throw new IllegalArgumentException("target topic must have at least one partition, has " + targetPartitions);
        }
        if (landingPartition < targetPartitions) {
            return landingPartition;
        }
        if (key == null) {
            return landingPartition % targetPartitions;
        }
        return Utils.toPositive(Utils.murmur2(key)) % targetPartitions;
    }
}
