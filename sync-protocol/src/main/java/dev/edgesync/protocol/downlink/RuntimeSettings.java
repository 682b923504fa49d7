package dev.edgesync.protocol.downlink;

import java.util.Optional;
import java.util.Set;

/**
 * The edge settings a {@code config} message may change: only those an edge can change while running without
 * risk to its data. Anything else (partitions, site identity, data directory, ...) needs a local edit and a restart.
 */
public final class RuntimeSettings {

    /** The uplink's bandwidth cap, bytes per second; 0 = none, else at least {@value #MIN_BYTES_PER_SECOND}. */
    public static final String MAX_BYTES_PER_SECOND = "edge.sync.max-bytes-per-second";
    public static final long MIN_BYTES_PER_SECOND = 1024;
    private static final Set<String> KEYS = Set.of(MAX_BYTES_PER_SECOND);

    private RuntimeSettings() {
    }

    public static Set<String> keys() {
        return KEYS;
    }

    public static boolean isRuntimeSafe(String key) {
        return KEYS.contains(key);
    }

    /**
     * The value as the edge stores it, or a problem naming the key. {@code value} is what a JSON mapper gives: a
     * number, a string, or null (null means: back to the edge's own configuration, and is always valid).
     */
    public static Result check(String key, Object value) {
        if (!isRuntimeSafe(key)) {
            return Result.problem(key + " cannot be changed at runtime; runtime-safe keys: " + KEYS);
        }
        if (value == null) {
            return new Result(Optional.empty(), Optional.empty());
        }
        long v;
        try {
            v = value instanceof Number n && (n instanceof Integer || n instanceof Long) ? n.longValue()
                    : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return Result.problem(key + "='" + value + "' is not an integer");
        }
        if (v < 0 || (v > 0 && v < MIN_BYTES_PER_SECOND)) {
            return Result.problem(key + "=" + v + " must be 0 (no cap) or at least " + MIN_BYTES_PER_SECOND);
        }
        return new Result(Optional.of(String.valueOf(v)), Optional.empty());
    }

    /**
     * @param value   the normalised value; empty with no problem means "back to the local configuration"
     * @param problem why the value cannot be used
     */
    public record Result(Optional<String> value, Optional<String> problem) {
        static Result problem(String p) {
            return new Result(Optional.empty(), Optional.of(p));
        }
    }
}
