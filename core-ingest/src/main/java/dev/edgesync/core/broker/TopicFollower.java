package dev.edgesync.core.broker;

import dev.edgesync.runtime.Backoff;
import dev.edgesync.runtime.Failures;
import dev.edgesync.runtime.ReconnectLoop;
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

    private final ReconnectLoop loop;

    /**
     * @param whileDown what users get while reading fails, for the log line (e.g. "GET /v1/sites answers from what
     *                  was read so far")
     */
    public TopicFollower(String name, Duration retry, String whileDown, Session session) {
        this.loop = new ReconnectLoop(name, Backoff.fixed(retry), Failures::kafkaSession, new ReconnectLoop.Listener() {
            @Override
            public void failed(ReconnectLoop.Failure f, Duration retryIn) {
                // A wakeup or interrupt (AT_ONCE) is not a failure of the centre: a new session starts quietly.
                if (f.verdict() == ReconnectLoop.Verdict.BACK_OFF) {
                    LOG.warnf("%s failed: %s; retrying in %s (%s)", name, f.error().toString(), retryIn, whileDown);
                }
            }

            @Override
            public void gaveUp(ReconnectLoop.Failure f) {
                LOG.errorf(f.error(), "%s ended: %s (%s until core-ingest restarts)", name, f.error(), whileDown);
            }
        }, l -> session.run(this));
    }

    public void start() {
        loop.start();
    }

    /** Wakes the session and waits (up to 5 s) for the thread to end. */
    public void stop() {
        loop.stop();
        try {
            loop.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return loop.running();
    }

    /** What {@link #stop()} calls to interrupt the current session's blocking poll (e.g. {@code consumer::wakeup}). */
    public void onWakeup(Runnable r) {
        loop.onWakeup(r);
    }
}
