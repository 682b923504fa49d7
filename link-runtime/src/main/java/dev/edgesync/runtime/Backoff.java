package dev.edgesync.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link ReconnectLoop} waits after a failure: {@code initial} after the first failure in a row, doubled
 * after each further one, never more than {@code max}. No jitter, so the wait is the same in tests as in production.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** The same wait after every failure (what each link has done so far: its {@code retry-backoff}). */
    public static Backoff fixed(Duration d) {
        return new Backoff(d, d);
    }

    /** The wait after the {@code failuresInARow}-th failure in a row (1 for the first). */
    public Duration delay(int failuresInARow) {
        Duration d = initial;
        for (int i = 1; i < failuresInARow && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
