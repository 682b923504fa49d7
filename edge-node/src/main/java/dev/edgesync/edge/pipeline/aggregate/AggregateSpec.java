package dev.edgesync.edge.pipeline.aggregate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the aggregate processor of a stream computes: tumbling windows of {@code windowMs} aligned to the epoch,
 * per key (a data field, or the record key), over the named numeric fields, closed when the partition's stream
 * time passes window end + {@code graceMs}; results go to {@code curated.<outputStream>} as CloudEvents of
 * {@code type}. An event whose time is more than {@code maxAheadMs} ahead of the box's clock is kept out of the
 * windows (see {@link Aggregator}).
 */
public record AggregateSpec(String stream, long windowMs, long graceMs, Optional<String> keyPath, List<String> fields,
                            Set<String> functions, String outputStream, String type, long maxAheadMs) {

    public static final List<String> FUNCTIONS = List.of("count", "sum", "min", "max", "avg");
    /** Default of {@code edge.streams.<s>.aggregate.max-ahead}. */
    public static final long DEFAULT_MAX_AHEAD_MS = 5 * 60_000L;

    public AggregateSpec(String stream, long windowMs, long graceMs, Optional<String> keyPath, List<String> fields,
                         Set<String> functions, String outputStream, String type) {
        this(stream, windowMs, graceMs, keyPath, fields, functions, outputStream, type, DEFAULT_MAX_AHEAD_MS);
    }

    public AggregateSpec {
        Objects.requireNonNull(stream, "stream");
        if (windowMs < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        if (maxAheadMs < 1) {
            throw new IllegalArgumentException("max-ahead must be positive");
        }
        fields = List.copyOf(fields);
        functions = Set.copyOf(functions);
        if (!FUNCTIONS.containsAll(functions)) {
            throw new IllegalArgumentException("unknown aggregate function in " + functions + "; use " + FUNCTIONS);
        }
    }

    /** Start of the window holding {@code t} (floor, also for times before the epoch). */
    public long windowStart(long t) {
        return Math.floorDiv(t, windowMs) * windowMs;
    }

    /** Stream time at or after which the window starting at {@code start} is closed. */
    public long closesAt(long start) {
        return start + windowMs + graceMs;
    }
}
