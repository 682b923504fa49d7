package dev.edgesync.edge.pipeline;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Identity, except that it throws the first time it sees an event whose data contains {@code "failOnce"} (and,
 * separately, {@code "crashOnce"}, used by the preprocessing tests): the stage must abort that batch, rewind, and
 * process it again without duplicates.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FailOnceProcessor implements Processor {

    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicInteger CRASHES = new AtomicInteger();
    private final IdentityProcessor identity = new IdentityProcessor();
    private volatile boolean failed;
    private volatile boolean crashed;

    @Override
    public Outcome process(String stream, RawEvent event) {
        if (!failed && event.value() != null
                && new String(event.value(), StandardCharsets.UTF_8).contains("failOnce")) {
            failed = true;
            FAILURES.incrementAndGet();
            throw new IllegalStateException("test: processor fails once on " + event.offset());
        }
        if (!crashed && event.value() != null
                && new String(event.value(), StandardCharsets.UTF_8).contains("crashOnce")) {
            crashed = true;
            CRASHES.incrementAndGet();
            throw new IllegalStateException("test: processor crashes once on " + stream + " offset " + event.offset());
        }
        return identity.process(stream, event);
    }
}
