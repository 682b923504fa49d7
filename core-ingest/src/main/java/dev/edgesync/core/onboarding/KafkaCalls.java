package dev.edgesync.core.onboarding;

import org.apache.kafka.common.KafkaException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits on the centre's admin and producer futures for onboarding, with one bound and one error shape. */
final class KafkaCalls {

    static final long TIMEOUT_S = 30;

    private KafkaCalls() {
    }

    /** Waits for a Kafka future; a Kafka error comes out as itself, anything else as IllegalStateException. */
    static <T> T await(Future<T> f, String what) {
        try {
            return f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k) {
                throw k;
            }
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + TIMEOUT_S + " s: " + what + "; is the centre reachable?", e);
        }
    }
}
