package dev.edgesync.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs a long-lived client task (a link to a broker) one session after another until stopped: connect, run, and on
 * a failure report it, back off, and start a new session; or give up for good when the failure says so.
 *
 * <p>Invariants:
 * <ol>
 *   <li>At most one session runs at a time, on one thread (its own, {@link #start()}, or the caller's,
 *       {@link #run()}).</li>
 *   <li>A failure is reported (to the {@link Listener}) only while the loop runs: once {@link #stop()} was called,
 *       whatever the session throws is part of stopping.</li>
 *   <li>The session's clean-ups registered with {@link #afterAttempt} run after the failure was reported and before
 *       the back-off, whatever happened; the wakeup registered with {@link #onWakeup} is dropped when its session
 *       ends.</li>
 *   <li>{@link #stop()} ends a back-off (and any {@link #pause}) at once and wakes the running session; an interrupt
 *       of the loop's thread during a back-off ends the loop.</li>
 *   <li>After {@link Verdict#GIVE_UP} no new session starts.</li>
 * </ol>
 */
public final class ReconnectLoop implements Runnable {

    /** What a failure means for the loop. */
    public enum Verdict {
        /** Start a new session after the back-off. */
        BACK_OFF,
        /** Start a new session at once (e.g. an unexpected client wakeup: nothing is wrong with the other side). */
        AT_ONCE,
        /** Stop for good: retrying would do harm (e.g. fenced by another instance with the same identity). */
        GIVE_UP
    }

    /** Whether a session failed before it said it was {@link #connected()} or after. */
    public enum Phase { CONNECT, RUN }

    /** @param inARow failures since the last session that connected, this one included (1 for the first) */
    public record Failure(Throwable error, Phase phase, int inARow, Verdict verdict) {
    }

    /** One connection's worth of work; returns or throws once {@link ReconnectLoop#running()} turns false. */
    @FunctionalInterface
    public interface Session {
        void run(ReconnectLoop loop) throws Exception;
    }

    /** Told what happens, on the loop's thread; must not throw. */
    public interface Listener {
        /** A session failed; the next starts after {@code retryIn} (zero for {@link Verdict#AT_ONCE}). */
        default void failed(Failure f, Duration retryIn) {
        }

        /** A session failed with {@link Verdict#GIVE_UP}: the loop ends. */
        default void gaveUp(Failure f) {
        }

        /** The loop ended (stopped, gave up, or its thread was interrupted). */
        default void ended() {
        }
    }

    private static final Runnable NOTHING = () -> { };

    private final String name;
    private final Backoff backoff;
    private final Function<Throwable, Verdict> classify;
    private final Listener listener;
    private final Session session;
    private final StopSignal stopSignal = new StopSignal();
    private final List<Runnable> cleanups = new ArrayList<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean gaveUp;
    private volatile Failure lastFailure;
    private volatile Runnable wakeup = NOTHING;
    private volatile Thread thread;
    private boolean connectedNow;
    private int inARow;
    private boolean started;

    /**
     * @param name     the thread's name when the loop owns one, and how it is known
     * @param classify what a failure means; see {@link Failures} for the usual ones
     */
    public ReconnectLoop(String name, Backoff backoff, Function<Throwable, Verdict> classify, Listener listener,
                         Session session) {
        this.name = Objects.requireNonNull(name, "name");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.classify = Objects.requireNonNull(classify, "classify");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.session = Objects.requireNonNull(session, "session");
    }

    public String name() {
        return name;
    }

    /** Runs the loop on a daemon thread of its own, named {@link #name()}. */
    public ReconnectLoop start() {
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        claim(t);
        t.start();
        return this;
    }

    /** Runs the loop on the calling thread until it is stopped or gives up. */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            claim(Thread.currentThread());
        }
        try {
            while (running) {
                Verdict verdict = attempt();
                if (!running) {
                    break;
                }
                Duration wait = verdict == Verdict.AT_ONCE ? Duration.ZERO
                        : verdict == null ? backoff.initial() : backoff.delay(inARow);
                if (!wait.isZero() && !stopSignal.await(wait)) {
                    running = false;
                }
            }
        } finally {
            listener.ended();
        }
    }

    private synchronized void claim(Thread t) {
        if (started) {
            throw new IllegalStateException(name + " already started");
        }
        started = true;
        thread = t;
    }

    /** One session; its verdict if it failed while the loop ran, null if it returned (or failed while stopping). */
    private Verdict attempt() {
        attempts.incrementAndGet();
        connectedNow = false;
        Throwable error = null;
        try {
            session.run(this);
        } catch (Throwable e) {
            error = e;
        }
        wakeup = NOTHING;
        try {
            if (error == null || !running) {
                return null;
            }
            inARow++;
            Verdict v = classify.apply(error);
            Failure f = new Failure(error, connectedNow ? Phase.RUN : Phase.CONNECT, inARow, v);
            failures.incrementAndGet();
            lastFailure = f;
            if (v == Verdict.GIVE_UP) {
                gaveUp = true;
                running = false;
                listener.gaveUp(f);
            } else {
                listener.failed(f, v == Verdict.AT_ONCE ? Duration.ZERO : backoff.delay(inARow));
            }
            return v;
        } finally {
            List<Runnable> todo = new ArrayList<>(cleanups);
            cleanups.clear();
            todo.forEach(Runnable::run);
        }
    }

    /** Called by the session (on the loop's thread) once connected: a later failure is one of {@link Phase#RUN}. */
    public void connected() {
        connectedNow = true;
        inARow = 0;
        connects.incrementAndGet();
    }

    /** While true the session goes on; false once {@link #stop()} was called or the loop gave up. */
    public boolean running() {
        return running;
    }

    /** What {@link #stop()} calls to interrupt the current session's blocking call (e.g. {@code consumer::wakeup}). */
    public void onWakeup(Runnable r) {
        wakeup = Objects.requireNonNull(r, "wakeup");
        if (!running) {
            r.run();
        }
    }

    /** Called by the session (on the loop's thread): runs {@code r} once it has ended and its failure was reported. */
    public void afterAttempt(Runnable r) {
        cleanups.add(Objects.requireNonNull(r, "cleanup"));
    }

    /** Sleeps {@code d} inside a session, ending at once on {@link #stop()}; false if the loop should end. */
    public boolean pause(Duration d) {
        if (running && !stopSignal.await(d)) {
            running = false;
        }
        return running;
    }

    /** Asks the loop to end: ends a back-off at once and wakes the running session; returns at once. */
    public void stop() {
        running = false;
        stopSignal.fire();
        wakeup.run();
    }

    /** Waits up to {@code d} for the loop's thread to end; true if it has (or never started). */
    public boolean join(Duration d) throws InterruptedException {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return t == null || !t.isAlive();
        }
        t.join(Math.max(1, d.toMillis()));
        return !t.isAlive();
    }

    /** Interrupts the loop's thread: the last resort of a stop that did not end in time. */
    public void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean gaveUp() {
        return gaveUp;
    }

    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Sessions started. */
    public long attempts() {
        return attempts.get();
    }

    /** Sessions that connected. */
    public long connects() {
        return connects.get();
    }

    /** Sessions that failed while the loop ran. */
    public long failures() {
        return failures.get();
    }
}
