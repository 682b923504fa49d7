package dev.edgesync.core.sites;

import java.time.Instant;

/**
 * What the relay has done with one landing partition ({@code landing.<site>.<stream>} partition {@code p}):
 * records relayed and dead-lettered, the next landing offset to relay (the watermark) and the edge offset of
 * the last relayed record. Written in the relay transaction that did the work, so it is exactly as committed.
 *
 * @param region         region of the last relayed record; null until one was relayed
 * @param lastSeen       when the relay last committed a relayed record of this partition; null if never
 * @param lastEdgeOffset the {@code edge_offset} of the last relayed record, -1 if unknown
 */
public record PartitionProgress(String site, String stream, int partition, String region, String cloud,
                                Instant lastSeen, long landed, long deadLettered, long nextLandingOffset,
                                long lastEdgeOffset) implements RegistryEntry {

    public static PartitionProgress empty(PartitionKey key) {
        return new PartitionProgress(key.site(), key.stream(), key.partition(), null, null, null, 0, 0, 0, -1);
    }

    public PartitionKey key() {
        return new PartitionKey(site, stream, partition);
    }

    /** This partition after a committed batch did {@code a}, at {@code now}. */
    public PartitionProgress after(PartitionActivity a, Instant now) {
        boolean relayed = a.relayed() > 0;
        return new PartitionProgress(site, stream, partition,
                relayed ? a.region() : region,
                relayed ? a.cloud() : cloud,
                relayed ? now : lastSeen,
                landed + a.relayed(),
                deadLettered + a.deadLettered(),
                Math.max(nextLandingOffset, a.nextLandingOffset()),
                a.lastEdgeOffset() >= 0 ? a.lastEdgeOffset() : lastEdgeOffset);
    }

    /** True if this record describes a later state of the partition than {@code other}. */
    public boolean supersedes(PartitionProgress other) {
        return nextLandingOffset >= other.nextLandingOffset;
    }

    /** Identifies one landing partition. */
    public record PartitionKey(String site, String stream, int partition) implements Comparable<PartitionKey> {
        @Override
        public int compareTo(PartitionKey o) {
            int c = site.compareTo(o.site);
            if (c == 0) {
                c = stream.compareTo(o.stream);
            }
            return c != 0 ? c : Integer.compare(partition, o.partition);
        }
    }
}
