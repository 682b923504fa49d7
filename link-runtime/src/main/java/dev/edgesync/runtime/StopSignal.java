package dev.edgesync.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-shot stop signal a worker waits on between attempts: a sleep that ends at once when the signal fires. */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    public void fire() {
        latch.countDown();
    }

    public boolean fired() {
        return latch.getCount() == 0;
    }

    /**
     * Waits for {@code d} or the signal, whichever comes first; false if the thread was interrupted (its interrupt
     * flag is set again), and the worker should stop.
     */
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
