package dev.edgesync.edge.ingest;

import dev.edgesync.edge.state.IdempotencyMarks;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Which (stream, source, id) pairs are already in a raw topic, kept in RocksDB.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every raw partition has a mark M (in {@link StateFamilies#IDEMPOTENCY_MARKS}): every record of
 *       that partition below offset M that is younger than the dedup window has its pair indexed. A
 *       partition without a mark is read from its beginning by {@link RawLogIndexer}.</li>
 *   <li>Entries and the marks they move are written in one atomic batch, after the broker acked the
 *       records; so after a crash the records above the mark are exactly those that may be missing,
 *       and the rebuild reads them from the log.</li>
 *   <li>A mark never passes an acked offset that is not indexed yet: appends of concurrent requests
 *       may be indexed out of order, so the mark is the lowest acked-but-unindexed offset of the
 *       partition, or one past the highest acked one when none is pending. This relies on the
 *       producer running callbacks of one partition in offset order, which Kafka guarantees.</li>
 *   <li>After a failed send the broker may or may not hold the record, so marks stop moving
 *       ({@link #isSuspect()}) until a rebuild from the log has run.</li>
 * </ol>
 */
public final class IdempotencyIndex {

    private final StateStore store;
    private final Map<TopicPartition, Progress> progress = new HashMap<>();
    private volatile boolean suspect;

    public IdempotencyIndex(StateStore store) {
        this.store = store;
    }

    /** Whether the pair was indexed (within the dedup window, possibly a little beyond). */
    public boolean contains(EventKey key) {
        return store.get(StateFamilies.IDEMPOTENCY, key.bytes()) != null;
    }

    /** Records that the broker acked {@code offset}; call from the producer callback. */
    public synchronized void acked(TopicPartition tp, long offset) {
        Progress p = progress.computeIfAbsent(tp, t -> new Progress());
        p.pending.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    /** Indexes acked appends and moves their partitions' marks as far as invariant 3 allows. */
    public synchronized void indexAppended(Collection<Appended> appended) {
        try (StateStore.Batch batch = store.newBatch()) {
            for (Appended a : appended) {
                batch.put(StateFamilies.IDEMPOTENCY, a.key().bytes(), location(a.tp().partition(), a.offset()));
                Progress p = progress.get(a.tp());
                if (p != null) {
                    p.pending.remove(a.offset());
                }
            }
            if (!suspect) {
                for (Appended a : appended) {
                    Progress p = progress.get(a.tp());
                    if (p != null && p.next >= 0) {
                        long mark = p.pending.isEmpty() ? p.next : p.pending.first();
                        batch.put(StateFamilies.IDEMPOTENCY_MARKS, IdempotencyMarks.key(a.tp()), IdempotencyMarks.value(mark));
                    }
                }
            }
            store.write(batch);
        }
    }

    /** A send failed: the record may be in the log unindexed, so freeze the marks until a rebuild. */
    public void sendFailed() {
        suspect = true;
    }

    public boolean isSuspect() {
        return suspect;
    }

    /** The mark of a raw partition, if it has one. */
    public OptionalLong mark(TopicPartition tp) {
        return IdempotencyMarks.read(store, tp);
    }

    /**
     * Writes pairs read back from the log and the partitions' new marks in one batch. Only for
     * {@link RawLogIndexer}, while no append is in flight.
     */
    synchronized void indexRebuilt(Collection<Appended> found, Map<TopicPartition, Long> marks) {
        try (StateStore.Batch batch = store.newBatch()) {
            for (Appended a : found) {
                batch.put(StateFamilies.IDEMPOTENCY, a.key().bytes(), location(a.tp().partition(), a.offset()));
            }
            marks.forEach((tp, m) -> batch.put(StateFamilies.IDEMPOTENCY_MARKS, IdempotencyMarks.key(tp), IdempotencyMarks.value(m)));
            store.write(batch);
        }
    }

    /** A rebuild has read every raw partition to its end: appends from now on move the marks again. */
    synchronized void rebuilt() {
        progress.clear();
        suspect = false;
    }

    private static byte[] location(int partition, long offset) {
        return ByteBuffer.allocate(12).putInt(partition).putLong(offset).array();
    }

    /** One acked append of an event. */
    public record Appended(EventKey key, TopicPartition tp, long offset) {
    }

    private static final class Progress {
        final TreeSet<Long> pending = new TreeSet<>();
        long next = -1;
    }
}
