package dev.edgesync.core.broker;

import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * A daemon thread that follows topics of the centre for as long as core-ingest runs: it runs one reading session
 * after another, pausing {@code retry} after a failure (centre unreachable, ...), until {@link #stop()}.
 */
public final class TopicFollower {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    /** One connection's worth of reading; returns or throws once {@link TopicFollower#running()} turns false. */
    @FunctionalInterface
    public interface Session {
        void run(TopicFollower follower);
    }

    private final String name;
    private final Duration retry;
    private final String whileDown;
    private final Session session;
    private volatile boolean running;
    private volatile Runnable wakeup = () -> { };
    private Thread thread;

    /**
     * @param whileDown what users get while reading fails, for the log line (e.g. "GET /v1/sites answers from what
     *                  was read so far")
     */
    public TopicFollower(String name, Duration retry, String whileDown, Session session) {
        this.name = name;
        this.retry = retry;
        this.whileDown = whileDown;
        this.session = session;
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Wakes the session and waits (up to 5 s) for the thread to end. */
    public void stop() {
        running = false;
        wakeup.run();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean running() {
        return running;
    }

    /** What {@link #stop()} calls to interrupt the current session's blocking poll (e.g. {@code consumer::wakeup}). */
    public void onWakeup(Runnable r) {
        wakeup = r;
    }

    private void loop() {
        while (running) {
            try {
                session.run(this);
            } catch (WakeupException | InterruptException e) {
                // stop() or interrupt: the loop condition decides.
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("%s failed: %s; retrying in %s (%s)", name, e.toString(), retry, whileDown);
                    try {
                        Thread.sleep(retry.toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            } finally {
                wakeup = () -> { };
            }
        }
    }
}
