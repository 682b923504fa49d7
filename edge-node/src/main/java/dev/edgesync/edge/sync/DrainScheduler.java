package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shares the uplink among partitions with backlog: deficit round robin, weighted by the class of each
 * partition's stream. Plain Java, no clock: the caller decides how many bytes a round carries.
 *
 * <p>Invariants:
 * <ol>
 *   <li>In a round, a stream with backlog gets {@code roundBytes * weight / (sum of the weights of streams with
 *       backlog)}, split evenly among its partitions with backlog; a stream without backlog gets nothing and
 *       takes nothing from the others.</li>
 *   <li>Records are indivisible: a partition may overdraw its allowance by less than one record. The overdraft
 *       is carried as a negative deficit and repaid in the next rounds, so over time the shares follow the
 *       weights whatever the record sizes.</li>
 *   <li>A partition whose backlog runs out forgets its deficit (positive or negative): an idle stream does not
 *       bank credit, and comes back at its full share the round after new data arrives.</li>
 *   <li>Only sizes are decided here. Order within a partition is the caller's: each partition's records are
 *       sent in log order, one transaction at a time.</li>
 * </ol>
 */
public final class DrainScheduler {

    /** Smallest round: below this, per-transaction overhead dominates. */
    static final long MIN_ROUND_BYTES = 8 * 1024;
    /** Under a cap, a round carries about this much of the cap's worth of wire bytes: the critical latency bound. */
    static final double CAPPED_ROUND_SECONDS = 0.25;

    private final Map<StreamPartition, Long> deficit = new HashMap<>();

    /**
     * Allowances of the next round, in bytes, for the partitions that may send in it (positive deficit), in
     * a stable order.
     *
     * @param backlogged every partition with data to send, with the weight of its stream's class
     */
    public Map<StreamPartition, Long> nextRound(Map<StreamPartition, Integer> backlogged, long roundBytes) {
        deficit.keySet().retainAll(backlogged.keySet());
        Map<String, Integer> streamWeight = new HashMap<>();
        Map<String, Integer> streamPartitions = new HashMap<>();
        backlogged.forEach((sp, w) -> {
            streamWeight.put(sp.stream(), w);
            streamPartitions.merge(sp.stream(), 1, Integer::sum);
        });
        long total = streamWeight.values().stream().mapToLong(Integer::longValue).sum();
        Map<StreamPartition, Long> out = new LinkedHashMap<>();
        new TreeMap<>(backlogged).forEach((sp, w) -> {
            long quantum = Math.max(1, roundBytes * w / total / streamPartitions.get(sp.stream()));
            long d = deficit.getOrDefault(sp, 0L) + quantum;
            deficit.put(sp, d);
            if (d > 0) {
                out.put(sp, d);
            }
        });
        return out;
    }

    /** What a partition actually sent in the round (may exceed its allowance by less than one record). */
    public void charge(StreamPartition sp, long bytes) {
        deficit.computeIfPresent(sp, (k, d) -> d - bytes);
    }

    /** Current deficit of a partition (tests and diagnostics). */
    long deficit(StreamPartition sp) {
        return deficit.getOrDefault(sp, 0L);
    }

    /**
     * Bytes (as counted by the scheduler: uncompressed record sizes) one round should carry.
     *
     * @param maxBytesPerSecond the wire cap, 0 for none
     * @param wirePerRecordByte wire bytes per scheduled byte seen so far (compression), in (0, ~1.5]
     * @param partitions        partitions with backlog
     * @param batchBytes        the producer batch size: without a cap each partition gets about one batch
     */
    public static long roundBytes(long maxBytesPerSecond, double wirePerRecordByte, int partitions, int batchBytes) {
        if (maxBytesPerSecond <= 0) {
            return Math.max(MIN_ROUND_BYTES, (long) batchBytes * Math.max(1, partitions));
        }
        double ratio = Math.max(0.01, wirePerRecordByte);
        long capped = (long) (maxBytesPerSecond * CAPPED_ROUND_SECONDS / ratio);
        return Math.max(MIN_ROUND_BYTES, Math.min(capped, (long) batchBytes * Math.max(1, partitions)));
    }
}
