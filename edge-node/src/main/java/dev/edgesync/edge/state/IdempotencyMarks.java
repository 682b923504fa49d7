package dev.edgesync.edge.state;

import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The idempotency index's per raw partition marks (family {@link StateFamilies#IDEMPOTENCY_MARKS}): below a mark,
 * every record's (source, id) pair is indexed. Here, below ingest and the pipeline, because ingest writes them and the
 * pipeline's raw reclaimer must not free raw above them.
 */
public final class IdempotencyMarks {

    private IdempotencyMarks() {
    }

    /** The state store key of a raw partition's mark. */
    public static byte[] key(TopicPartition tp) {
        byte[] t = tp.topic().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(t.length + 1 + 4).put(t).put((byte) 0).putInt(tp.partition()).array();
    }

    /** The mark as stored. */
    public static byte[] value(long mark) {
        return ByteBuffer.allocate(8).putLong(mark).array();
    }

    /** The mark of a raw partition, if it has one. */
    public static OptionalLong read(StateStore store, TopicPartition tp) {
        byte[] v = store.get(StateFamilies.IDEMPOTENCY_MARKS, key(tp));
        return v == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(v).getLong());
    }

    /**
     * The marks of {@code partitions} that survive a power cut: read, then the store's write-ahead log synced, so
     * after a cut each mark is at least this high. Raw records below such a mark may be deleted without losing the
     * means to rebuild the index; below an unsynced mark they may not (the index entry may vanish with the power,
     * and with the raw record gone a retried event would be appended twice). Partitions without a mark are left out.
     */
    public static Map<TopicPartition, Long> durable(StateStore store, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> marks = new HashMap<>();
        for (TopicPartition tp : partitions) {
            read(store, tp).ifPresent(m -> marks.put(tp, m));
        }
        store.syncWal();
        return marks;
    }
}
