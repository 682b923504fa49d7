package dev.edgesync.edge.pipeline.aggregate;

import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Window state of one stream's aggregate, per raw partition: open windows and stream time.
 *
 * <p>Invariants:
 * <ol>
 *   <li>The changelog topic (compacted, one partition per raw partition) is the source of truth: it is written in
 *       the same Kafka transaction as the outputs and the consumed offsets, so it always matches what was
 *       committed.</li>
 *   <li>RocksDB is a materialised copy: changes of the running batch stay in memory ({@link #pendingChangelog})
 *       and reach RocksDB only in {@link #commit()}, after the transaction committed.</li>
 *   <li>A partition is restored from the changelog (RocksDB entries wiped, changelog replayed) on its first use
 *       after start and after any {@link #abort()}, so a crash or failure between the Kafka commit and the RocksDB
 *       write, in either order, cannot leave RocksDB ahead of or behind Kafka.</li>
 * </ol>
 * Changelog keys: {@code 'T'} for stream time (8-byte value), {@code 'W' + start + key} for a window
 * ({@link WindowAcc} value); a null value deletes. Not thread-safe: used by the stage's single thread.
 */
public final class WindowStore {

    static final byte STREAM_TIME = 'T';
    static final byte WINDOW = 'W';
    private static final String FAMILY = StateFamilies.AGGREGATE_WINDOWS;

    private final StateStore store;
    private final String stream;
    private final String changelogTopic;
    private final ChangelogSource changelog;
    private final Map<Integer, Part> parts = new HashMap<>();

    /** An open window: its start, key and state. */
    public record Window(long start, String key, WindowAcc acc) {
    }

    /** One changelog write: partition, key, value (null = delete). */
    public record Change(int partition, byte[] key, byte[] value) {
    }

    private static final class Part {
        boolean restored;
        /** Every window starting below this was closed (and deleted): scans start here, past RocksDB deletions. */
        long floor = Long.MIN_VALUE;
        long streamTime = Long.MIN_VALUE;
        Long pendingStreamTime;
        /** Changelog key -> value (null = delete), ordered as RocksDB orders keys. */
        final TreeMap<byte[], byte[]> pending = new TreeMap<>(Arrays::compareUnsigned);
    }

    public WindowStore(StateStore store, String stream, String changelogTopic, ChangelogSource changelog) {
        this.store = store;
        this.stream = stream;
        this.changelogTopic = changelogTopic;
        this.changelog = changelog;
    }

    public String changelogTopic() {
        return changelogTopic;
    }

    /** Stream time of partition {@code p}: the largest event time it has seen, or Long.MIN_VALUE. */
    public long streamTime(int p) {
        Part s = part(p);
        return s.pendingStreamTime != null ? s.pendingStreamTime : s.streamTime;
    }

    public void setStreamTime(int p, long t) {
        Part s = part(p);
        s.pendingStreamTime = t;
    }

    public WindowAcc get(int p, long start, String key) {
        Part s = part(p);
        byte[] k = windowKey(start, key);
        byte[] v = s.pending.containsKey(k) ? s.pending.get(k) : store.get(FAMILY, local(p, k));
        return v == null ? null : WindowAcc.decode(v);
    }

    public void put(int p, long start, String key, WindowAcc acc) {
        part(p).pending.put(windowKey(start, key), acc.encode());
    }

    public void delete(int p, long start, String key) {
        part(p).pending.put(windowKey(start, key), null);
    }

    /**
     * Open windows of partition {@code p} with start at most {@code maxStart}, by start then key. The caller closes
     * (deletes) them all: later scans start after {@code maxStart}.
     */
    public List<Window> windowsUpTo(int p, long maxStart) {
        Part s = part(p);
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
        byte[] prefix = local(p, new byte[]{WINDOW});
        store.scanWhile(FAMILY, prefix, local(p, windowKey(s.floor, "")), (k, v) -> {
            byte[] ck = Arrays.copyOfRange(k, prefix.length - 1, k.length);
            if (startOf(ck) > maxStart) {
                return false;
            }
            merged.put(ck, v);
            return true;
        });
        s.pending.forEach((k, v) -> {
            if (k[0] == WINDOW && startOf(k) <= maxStart) {
                if (v == null) {
                    merged.remove(k);
                } else {
                    merged.put(k, v);
                }
            }
        });
        List<Window> out = new ArrayList<>(merged.size());
        merged.forEach((k, v) -> out.add(new Window(startOf(k), keyOf(k), WindowAcc.decode(v))));
        s.floor = Math.max(s.floor, maxStart == Long.MAX_VALUE ? maxStart : maxStart + 1);
        return out;
    }

    /** Start of the earliest open window of partition {@code p}, or Long.MAX_VALUE when none is open. */
    public long earliestStart(int p) {
        Part s = part(p);
        long[] first = {Long.MAX_VALUE};
        byte[] prefix = local(p, new byte[]{WINDOW});
        // The earliest RocksDB window not deleted by the running batch.
        store.scanWhile(FAMILY, prefix, local(p, windowKey(s.floor, "")), (k, v) -> {
            byte[] ck = Arrays.copyOfRange(k, prefix.length - 1, k.length);
            if (s.pending.containsKey(ck) && s.pending.get(ck) == null) {
                return true;
            }
            first[0] = startOf(ck);
            return false;
        });
        for (Map.Entry<byte[], byte[]> e : s.pending.entrySet()) {
            if (e.getKey()[0] == WINDOW && e.getValue() != null) {
                first[0] = Math.min(first[0], startOf(e.getKey()));
                break;
            }
        }
        return first[0];
    }

    /** The changelog writes of the running batch, to send in its transaction. */
    public List<Change> pendingChangelog() {
        List<Change> out = new ArrayList<>();
        parts.forEach((p, s) -> {
            if (s.pendingStreamTime != null) {
                out.add(new Change(p, new byte[]{STREAM_TIME}, longBytes(s.pendingStreamTime)));
            }
            s.pending.forEach((k, v) -> out.add(new Change(p, k, v)));
        });
        return out;
    }

    /** The batch's transaction committed: apply its changes to RocksDB. */
    public void commit() {
        try (StateStore.Batch b = store.newBatch()) {
            parts.forEach((p, s) -> {
                if (s.pendingStreamTime != null) {
                    b.put(FAMILY, local(p, new byte[]{STREAM_TIME}), longBytes(s.pendingStreamTime));
                    s.streamTime = s.pendingStreamTime;
                    s.pendingStreamTime = null;
                }
                s.pending.forEach((k, v) -> {
                    if (v == null) {
                        b.delete(FAMILY, local(p, k));
                    } else {
                        b.put(FAMILY, local(p, k), v);
                    }
                });
                s.pending.clear();
            });
            if (b.size() > 0) {
                store.write(b);
            }
        }
    }

    /** The batch's transaction failed (or its outcome is unknown): forget its changes, restore before next use. */
    public void abort() {
        parts.clear();
    }

    private Part part(int p) {
        Part s = parts.get(p);
        if (s == null) {
            s = new Part();
            parts.put(p, s);
        }
        if (!s.restored) {
            restore(p, s);
        }
        return s;
    }

    private void restore(int p, Part s) {
        byte[] prefix = local(p, new byte[0]);
        List<byte[]> old = new ArrayList<>();
        store.scan(FAMILY, prefix, (k, v) -> old.add(k));
        TreeMap<byte[], byte[]> latest = new TreeMap<>(Arrays::compareUnsigned);
        changelog.readAll(changelogTopic, p, (k, v) -> {
            if (k != null && k.length > 0) {
                latest.put(k, v);
            }
        });
        try (StateStore.Batch b = store.newBatch()) {
            old.forEach(k -> b.delete(FAMILY, k));
            latest.forEach((k, v) -> {
                if (v != null) {
                    b.put(FAMILY, local(p, k), v);
                }
            });
            store.write(b);
        }
        byte[] t = latest.get(new byte[]{STREAM_TIME});
        s.streamTime = t == null ? Long.MIN_VALUE : ByteBuffer.wrap(t).getLong();
        s.restored = true;
    }

    private byte[] local(int p, byte[] changelogKey) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(name.length + 5 + changelogKey.length)
                .put(name).put((byte) 0).putInt(p).put(changelogKey).array();
    }

    static byte[] windowKey(long start, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        // Sign bit flipped so that unsigned byte order is numeric order, also for negative times.
        return ByteBuffer.allocate(9 + k.length).put(WINDOW).putLong(start ^ Long.MIN_VALUE).put(k).array();
    }

    static long startOf(byte[] windowKey) {
        return ByteBuffer.wrap(windowKey, 1, 8).getLong() ^ Long.MIN_VALUE;
    }

    static String keyOf(byte[] windowKey) {
        return new String(windowKey, 9, windowKey.length - 9, StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
