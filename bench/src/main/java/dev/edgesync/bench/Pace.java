package dev.edgesync.bench;

/** Open-loop pacing: the i-th event of a steady rate is sent at its due time, never catching up in a burst early. */
final class Pace {

    private Pace() {
    }

    /** Sleeps until event {@code i} of a stream started at {@code startNanos} at {@code perSecond} is due. */
    static void awaitDue(long startNanos, int i, int perSecond) throws InterruptedException {
        long wait = startNanos + i * 1_000_000_000L / perSecond - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
