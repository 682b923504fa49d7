package dev.edgesync.runtime;

import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/** Ready-made failure classifications for a {@link ReconnectLoop}. */
public final class Failures {

    private Failures() {
    }

    /** An {@link Error} (out of memory, ...) gives up; any exception is retried after the back-off. */
    public static ReconnectLoop.Verdict giveUpOnError(Throwable e) {
        return e instanceof Error ? ReconnectLoop.Verdict.GIVE_UP : ReconnectLoop.Verdict.BACK_OFF;
    }

    /**
     * Like {@link #giveUpOnError}, but a Kafka client's wakeup or interrupt that did not come from a stop starts a new
     * session at once: nothing is wrong with the other side.
     */
    public static ReconnectLoop.Verdict kafkaSession(Throwable e) {
        if (e instanceof WakeupException || e instanceof InterruptException) {
            return ReconnectLoop.Verdict.AT_ONCE;
        }
        return giveUpOnError(e);
    }

    /** True if {@code e} or any of its causes is one of {@code types}. */
    @SafeVarargs
    public static boolean causedBy(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<? extends Throwable> t : types) {
                if (t.isInstance(c)) {
                    return true;
                }
            }
        }
        return false;
    }
}
