package dev.edgesync.edge.boot;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.StringJoiner;

/** Runs named start or stop steps in their order: a start stops at the first failure, a stop runs every step. */
final class Steps {

    private static final Logger LOG = Logger.getLogger(Steps.class);

    private Steps() {
    }

    /** One named step of the start or stop order. */
    record Step(String name, Action action) {
    }

    /** A start or stop method. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Runs each step in turn; the first failure ends the start (nothing after it runs) and is thrown as it is. */
    static void start(List<Step> steps) throws Exception {
        for (Step s : steps) {
            LOG.debugf("Starting %s", s.name());
            s.action().run();
        }
    }

    /**
     * Runs every step even if one fails (a failed stop must not leave the broker running), logging each failure;
     * returns how long each took, by name, for the shutdown log.
     */
    static String stop(List<Step> steps) {
        StringJoiner took = new StringJoiner(", ");
        for (Step s : steps) {
            long t = System.nanoTime();
            try {
                s.action().run();
                took.add(s.name() + " " + (System.nanoTime() - t) / 1_000_000 + " ms");
            } catch (Exception e) {
                LOG.warnf(e, "Stopping %s failed; stopping the rest", s.name());
                took.add(s.name() + " failed");
            }
        }
        return took.toString();
    }
}
