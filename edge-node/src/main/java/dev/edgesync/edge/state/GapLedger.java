package dev.edgesync.edge.state;

import dev.edgesync.protocol.GapRange;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every range of curated offsets this box will never ship, and why (expired, dropped, corrupt), kept in the
 * {@link StateFamilies#GAPS} family so a restart still reports them: "loss is never silent".
 *
 * <p>Ranges of one partition and cause that touch or overlap are merged; a range already covered is not counted
 * again (a damaged batch found again after a restart). At most {@link #MAX_RANGES} are kept, the oldest recorded
 * forgotten first; the offset totals per cause keep counting. Thread-safe.
 */
public final class GapLedger {

    /** Ranges kept; beyond it the oldest recorded is forgotten (its offsets stay in the totals). */
    public static final int MAX_RANGES = 1_000;
    private static final String TOTAL = "#total/";

    /** A range and when this box recorded it (or last extended it). */
    public record Entry(GapRange range, long recordedAtMs) {
    }

    private final Supplier<StateStore> store;
    private final TreeMap<String, Entry> ranges = new TreeMap<>();
    private final Map<String, Long> totals = new TreeMap<>();
    private boolean loaded;

    public GapLedger(Supplier<StateStore> store) {
        this.store = store;
    }

    /** Records a range; merges it with ranges of its partition and cause that it touches. */
    public synchronized void record(GapRange g) {
        load();
        List<String> touching = new ArrayList<>();
        long from = g.fromOffset();
        long to = g.toOffset();
        long count = g.count();
        long known = 0;
        String prefix = partitionKey(g.stream(), g.partition(), g.cause());
        for (Map.Entry<String, Entry> e : ranges.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
            GapRange r = e.getValue().range();
            if (r.fromOffset() <= g.fromOffset() && r.toOffset() >= g.toOffset()) {
                return; // already known
            }
            if (r.fromOffset() <= g.toOffset() && r.toOffset() >= g.fromOffset()) {
                touching.add(e.getKey());
                from = Math.min(from, r.fromOffset());
                to = Math.max(to, r.toOffset());
                count += r.count();
                known += r.offsets();
            }
        }
        GapRange merged = new GapRange(g.stream(), g.partition(), from, to, g.cause(),
                GapRange.CORRUPT.equals(g.cause()) ? to - from : count);
        long added = merged.offsets() - known;
        long total = totals.getOrDefault(g.cause(), 0L) + added;
        long now = System.currentTimeMillis();
        StateStore s = store.get();
        try (StateStore.Batch b = s.newBatch()) {
            for (String k : touching) {
                b.delete(StateFamilies.GAPS, bytes(k));
            }
            String key = key(merged);
            b.put(StateFamilies.GAPS, bytes(key), encode(merged, now));
            b.put(StateFamilies.GAPS, bytes(TOTAL + g.cause()), ByteBuffer.allocate(8).putLong(total).array());
            String oldest = null;
            if (ranges.size() - touching.size() + 1 > MAX_RANGES) {
                oldest = ranges.entrySet().stream().filter(e -> !touching.contains(e.getKey()))
                        .min(Comparator.comparingLong(e -> e.getValue().recordedAtMs())).map(Map.Entry::getKey).orElse(null);
                if (oldest != null) {
                    b.delete(StateFamilies.GAPS, bytes(oldest));
                }
            }
            s.write(b);
            touching.forEach(ranges::remove);
            if (oldest != null) {
                ranges.remove(oldest);
            }
            ranges.put(key, new Entry(merged, now));
            totals.put(g.cause(), total);
        }
    }

    /** The {@code n} ranges recorded last, most recent first. */
    public synchronized List<GapRange> recent(int n) {
        load();
        return ranges.values().stream().sorted(Comparator.comparingLong(Entry::recordedAtMs).reversed()).limit(n)
                .map(Entry::range).toList();
    }

    /** Every range kept, by stream, partition, cause and offset. */
    public synchronized List<Entry> all() {
        load();
        return List.copyOf(ranges.values());
    }

    /** Offsets lost per cause since this state store began (survives restarts; ranges forgotten stay counted). */
    public synchronized long offsets(String cause) {
        load();
        return totals.getOrDefault(cause, 0L);
    }

    private void load() {
        if (loaded) {
            return;
        }
        store.get().scan(StateFamilies.GAPS, new byte[0], (k, v) -> {
            String key = new String(k, StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.wrap(v);
            if (key.startsWith(TOTAL)) {
                totals.put(key.substring(TOTAL.length()), b.getLong());
                return;
            }
            // key: stream/partition/cause/from (zero-padded); value: to, count, recordedAtMs
            String[] parts = key.split("/");
            if (parts.length == 4) {
                GapRange r = new GapRange(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[3]), b.getLong(),
                        parts[2], b.getLong());
                ranges.put(key, new Entry(r, b.getLong()));
            }
        });
        loaded = true;
    }

    private static String partitionKey(String stream, int partition, String cause) {
        return stream + "/" + partition + "/" + cause + "/";
    }

    private static String key(GapRange r) {
        return partitionKey(r.stream(), r.partition(), r.cause()) + String.format("%020d", r.fromOffset());
    }

    private static byte[] encode(GapRange r, long at) {
        return ByteBuffer.allocate(24).putLong(r.toOffset()).putLong(r.count()).putLong(at).array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
