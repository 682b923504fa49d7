package dev.edgesync.edge.state;

import dev.edgesync.edge.stream.StreamPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the centre has committed each curated partition (its next edge offset), as last seen, kept in
 * {@link StateFamilies#SYNC_CURSORS}: so what is unsent is known while the link is down after a restart.
 * Only ever moves forward. Thread-safe.
 */
public final class SyncCursors {

    private final StateStore store;
    private final Map<StreamPartition, Long> cursors = new ConcurrentHashMap<>();

    /** Reads the remembered cursors of {@code partitions}. */
    public SyncCursors(StateStore store, Collection<StreamPartition> partitions) {
        this.store = store;
        for (StreamPartition sp : partitions) {
            byte[] v = store.get(StateFamilies.SYNC_CURSORS, key(sp));
            if (v != null && v.length == 8) {
                cursors.put(sp, ByteBuffer.wrap(v).getLong());
            }
        }
    }

    /** Next edge offset the centre was last seen to have committed; 0 when never seen. */
    public long committed(StreamPartition sp) {
        return cursors.getOrDefault(sp, 0L);
    }

    /** Remembers {@code committed} if it is beyond what is remembered (a negative value means unknown: ignored). */
    public void remember(StreamPartition sp, long committed) {
        if (committed > cursors.getOrDefault(sp, -1L)) {
            cursors.put(sp, committed);
            store.put(StateFamilies.SYNC_CURSORS, key(sp), ByteBuffer.allocate(8).putLong(committed).array());
        }
    }

    private static byte[] key(StreamPartition sp) {
        return (sp.stream() + "/" + sp.partition()).getBytes(StandardCharsets.UTF_8);
    }
}
