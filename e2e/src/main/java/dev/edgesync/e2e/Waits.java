package dev.edgesync.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for a harness that waits on real processes. */
public final class Waits {

    private Waits() {
    }

    /** Polls {@code condition} until true; false if {@code timeout} passes first. */
    public static boolean until(Duration timeout, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause(every);
        }
        return condition.getAsBoolean();
    }

    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
