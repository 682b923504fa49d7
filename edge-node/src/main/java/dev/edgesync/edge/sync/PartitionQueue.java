package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.edge.stream.RecordSize;

import dev.edgesync.protocol.GapRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of one curated partition read but not yet shipped, in log order. Bounded: the session pauses the
 * partition's fetching while it is full. Not thread-safe: the uplink thread only.
 */
final class PartitionQueue {

    private final StreamPartition sp;
    private final long maxRecords;
    private final long maxBytes;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> records = new ArrayDeque<>();
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private long bytes;

    PartitionQueue(StreamPartition sp, long maxRecords, long maxBytes) {
        this.sp = sp;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    void addAll(List<ConsumerRecord<byte[], byte[]>> batch) {
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            long n = RecordSize.of(r);
            records.add(r);
            sizes.add(n);
            bytes += n;
        }
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    boolean isFull() {
        return records.size() >= maxRecords || bytes >= maxBytes;
    }

    /** Forgets records below {@code offset} (deleted by the drop-oldest policy, which counted them). */
    void discardBelow(long offset) {
        while (!records.isEmpty() && records.peek().offset() < offset) {
            records.poll();
            bytes -= sizes.poll();
        }
    }

    /**
     * Takes the oldest records: at least one, then while under {@code allowanceBytes} and {@code maxRecords}.
     * Those {@code expired} says are counted as expired instead of sent.
     */
    Batch take(long allowanceBytes, int maxRecords, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> expired) {
        List<ConsumerRecord<byte[], byte[]>> send = new ArrayList<>();
        long taken = 0;
        long sentBytes = 0;
        int expiredCount = 0;
        long next = -1;
        List<GapRange> expiredRanges = new ArrayList<>();
        long runFrom = -1;
        long runCount = 0;
        while (!records.isEmpty() && (send.size() + expiredCount) < maxRecords && (taken == 0 || taken < allowanceBytes)) {
            ConsumerRecord<byte[], byte[]> r = records.poll();
            long n = sizes.poll();
            bytes -= n;
            taken += n;
            if (expired.test(r)) {
                expiredCount++;
                if (runCount == 0) {
                    runFrom = r.offset();
                }
                runCount++;
            } else {
                send.add(r);
                sentBytes += n;
                if (runCount > 0) {
                    expiredRanges.add(new GapRange(sp.stream(), sp.partition(), runFrom, next, GapRange.EXPIRED, runCount));
                    runCount = 0;
                }
            }
            next = r.offset() + 1;
        }
        if (runCount > 0) {
            expiredRanges.add(new GapRange(sp.stream(), sp.partition(), runFrom, next, GapRange.EXPIRED, runCount));
        }
        return new Batch(sp, send, sentBytes, expiredCount, taken, next, expiredRanges);
    }

    /**
     * What one transaction of a partition carries.
     *
     * @param nextEdgeOffset the checkpoint: every record below it is sent (or expired) once this commits
     * @param bytes          record bytes taken from the queue, sent or expired
     * @param expiredRanges  the expired records as ranges [first, last + 1) of consecutive expired records
     */
    record Batch(StreamPartition partition, List<ConsumerRecord<byte[], byte[]>> send, long sentBytes, int expired,
                 long bytes, long nextEdgeOffset, List<GapRange> expiredRanges) {
        boolean isEmpty() {
            return send.isEmpty() && expired == 0;
        }
    }
}
