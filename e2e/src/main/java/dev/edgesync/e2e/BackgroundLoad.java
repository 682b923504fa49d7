package dev.edgesync.e2e;

import java.time.Duration;

/**
 * A {@link LoadGenerator} posting at a steady rate on its own thread while faults happen: each batch is
 * retried until the edge answers 202, so a dead or restarting edge just stalls the tills.
 */
public final class BackgroundLoad implements AutoCloseable {

    private final LoadGenerator tills;
    private final Thread thread;
    private volatile Throwable failure;

    public BackgroundLoad(LoadGenerator tills, int eventsPerSecond, int batchSize) {
        this.tills = tills;
        this.thread = new Thread(() -> {
            try {
                tills.postAtRate(eventsPerSecond, Duration.ofDays(365), batchSize);
            } catch (Throwable t) {
                failure = t;
            }
        }, "background-load");
        thread.setDaemon(true);
    }

    public BackgroundLoad start() {
        thread.start();
        return this;
    }

    public Ledger ledger() {
        return tills.ledger();
    }

    public long retries() {
        return tills.retries();
    }

    /** 507 answers (disk quota full) the tills got, each retried until accepted. */
    public long refusedFull() {
        return tills.refusedFull();
    }

    /** Fails loudly if the tills stopped for any reason other than {@link #close()}. */
    public void requireRunning() {
        if (failure != null) {
            throw new IllegalStateException("the load generator stopped: " + failure, failure);
        }
        if (!thread.isAlive()) {
            throw new IllegalStateException("the load generator thread is not running");
        }
    }

    /** Stops posting; a batch still being retried is abandoned (it was never acknowledged). */
    @Override
    public void close() {
        tills.stop();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
