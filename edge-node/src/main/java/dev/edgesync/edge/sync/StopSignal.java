package dev.edgesync.edge.sync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-shot stop signal that a worker thread waits on between attempts (a backoff that ends early on stop). */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    public void fire() {
        latch.countDown();
    }

    /** Waits for {@code d} or the signal; false if the thread was interrupted, and the worker should stop. */
    public boolean await(Duration d) {
        try {
            latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
