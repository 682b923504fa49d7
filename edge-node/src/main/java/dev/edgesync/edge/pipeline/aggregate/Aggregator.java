package dev.edgesync.edge.pipeline.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.pipeline.process.JsonPaths;
import dev.edgesync.edge.pipeline.process.PipelineEvent;
import dev.edgesync.edge.pipeline.process.Verdict;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The aggregate processor of one stream: tumbling event-time windows per key, per raw partition.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Stream time of a partition is the largest event time it has seen; it never goes back.</li>
 *   <li>A window closes when its partition's stream time reaches window end + grace; it is emitted once, then
 *       deleted, and an event for a closed window is late: dropped and counted, never reopening it.</li>
 *   <li>Windows are closed after each event, not at batch end, so what is emitted depends only on the order of
 *       events in the partition, not on how they were batched: a batch processed again after an abort gives the
 *       same outputs, with the same ids.</li>
 *   <li>Output ids are a hash of (stream, partition, key, window start): a result written twice (which the
 *       transaction prevents) would still be deduplicated downstream.</li>
 * </ol>
 * Events without event time fall back to the record timestamp (see {@link PipelineEvent#eventTimeMs()}).
 *
 * <p>An event whose time is more than {@link AggregateSpec#maxAheadMs} ahead of the box's clock goes to the dlq
 * (counted as {@code ahead}) without touching any window or the stream time: one event stamped in year 9999 would
 * otherwise close every window and make every later event of its partition late, for good. That check reads the
 * clock, so a batch processed again after an abort may decide an event near the limit differently; only one of
 * the two attempts commits.
 */
public final class Aggregator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AggregateSpec spec;
    private final WindowStore store;
    private final String source;
    private final Map<Integer, Long> nextClose = new HashMap<>();

    /** One window result to write to {@code curated.<outputStream>}, in the raw record's partition. */
    public record Output(int partition, byte[] key, byte[] value, Headers headers) {
    }

    /**
     * What an event did: its verdict (continue = absorbed into a window) and the windows it closed.
     *
     * @param ahead the event was kept out because its time is too far ahead of the box's clock
     */
    public record Result(Verdict verdict, List<Output> outputs, boolean ahead) {
        public Result(Verdict verdict, List<Output> outputs) {
            this(verdict, outputs, false);
        }
    }

    private final LongSupplier clock;

    public Aggregator(AggregateSpec spec, WindowStore store, String siteId) {
        this(spec, store, siteId, System::currentTimeMillis);
    }

    /** {@code clock}: the box's wall clock (epoch ms), against which event times ahead are judged. */
    public Aggregator(AggregateSpec spec, WindowStore store, String siteId, LongSupplier clock) {
        this.clock = clock;
        this.spec = spec;
        this.store = store;
        this.source = "/" + siteId + "/edge/aggregate/" + spec.stream();
    }

    public AggregateSpec spec() {
        return spec;
    }

    public WindowStore store() {
        return store;
    }

    public Result accept(PipelineEvent e) {
        int p = e.partition();
        ObjectNode data;
        try {
            data = e.data();
        } catch (PipelineEvent.NotJsonException x) {
            return new Result(Verdict.reject("aggregate: " + x.getMessage()), List.of());
        }
        String key;
        if (spec.keyPath().isPresent()) {
            JsonNode k = JsonPaths.get(data, spec.keyPath().get());
            if (k == null || k.isNull() || k.isContainerNode()) {
                return new Result(Verdict.reject("aggregate: no key field " + spec.keyPath().get()), List.of());
            }
            key = k.asText();
        } else {
            key = e.key() == null ? "" : new String(e.key(), StandardCharsets.UTF_8);
        }
        long t = e.eventTimeMs();
        long now = clock.getAsLong();
        if (t - now > spec.maxAheadMs()) {
            return new Result(Verdict.reject("aggregate: event time " + Instant.ofEpochMilli(t) + " is more than "
                    + java.time.Duration.ofMillis(spec.maxAheadMs()) + " ahead of this box's clock ("
                    + Instant.ofEpochMilli(now) + "); kept out of the windows (edge.streams." + spec.stream()
                    + ".aggregate.max-ahead)"), List.of(), true);
        }
        long start = spec.windowStart(t);
        long streamTime = store.streamTime(p);
        if (streamTime != Long.MIN_VALUE && spec.closesAt(start) <= streamTime) {
            return new Result(Verdict.drop("aggregate: late event, window " + Instant.ofEpochMilli(start)
                    + " closed at stream time " + Instant.ofEpochMilli(streamTime)), List.of());
        }
        WindowAcc acc = store.get(p, start, key);
        if (acc == null) {
            acc = new WindowAcc();
        }
        acc.add(data, spec.fields());
        store.put(p, start, key, acc);
        nextClose.put(p, Math.min(nextCloseAt(p), spec.closesAt(start)));
        if (t > streamTime) {
            store.setStreamTime(p, t);
            streamTime = t;
        }
        return new Result(Verdict.CONTINUE, close(p, streamTime));
    }

    /** The batch failed: forget cached positions along with the store's uncommitted changes. */
    public void abort() {
        nextClose.clear();
        store.abort();
    }

    private List<Output> close(int p, long streamTime) {
        if (nextCloseAt(p) > streamTime) {
            return List.of();
        }
        long maxStart = streamTime - spec.windowMs() - spec.graceMs();
        List<Output> out = new ArrayList<>();
        for (WindowStore.Window w : store.windowsUpTo(p, maxStart)) {
            out.add(output(p, w));
            store.delete(p, w.start(), w.key());
        }
        nextClose.put(p, closesAtOrMax(store.earliestStart(p)));
        return out;
    }

    private long nextCloseAt(int p) {
        Long n = nextClose.get(p);
        if (n == null) {
            n = closesAtOrMax(store.earliestStart(p));
            nextClose.put(p, n);
        }
        return n;
    }

    private long closesAtOrMax(long start) {
        return start == Long.MAX_VALUE ? Long.MAX_VALUE : spec.closesAt(start);
    }

    private Output output(int p, WindowStore.Window w) {
        String start = Instant.ofEpochMilli(w.start()).toString();
        String end = Instant.ofEpochMilli(w.start() + spec.windowMs()).toString();
        ObjectNode o = JSON.createObjectNode();
        o.put("key", w.key());
        o.put("windowStart", start);
        o.put("windowEnd", end);
        w.acc().writeResult(o, spec.fields(), spec.functions());
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", utf8("1.0"));
        h.add("ce_id", utf8(id(p, w)));
        h.add("ce_source", utf8(source));
        h.add("ce_type", utf8(spec.type()));
        h.add("ce_time", utf8(end));
        h.add("ce_subject", utf8(w.key()));
        h.add("content-type", utf8("application/json"));
        return new Output(p, utf8(w.key()), value, h);
    }

    /** Deterministic event id of a window result. */
    String id(int p, WindowStore.Window w) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(utf8(spec.stream() + '\0' + p + '\0' + w.key() + '\0' + w.start()));
            return "agg-" + HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
