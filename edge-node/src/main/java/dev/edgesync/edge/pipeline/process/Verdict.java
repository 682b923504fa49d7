package dev.edgesync.edge.pipeline.process;

import java.util.Objects;

/** What a {@link Step} decided for one event: go on, drop it (counted, not written) or reject it to the dlq. */
public sealed interface Verdict {

    Verdict CONTINUE = new Continue();

    /** Pass the (possibly changed) event to the next step. */
    record Continue() implements Verdict {
    }

    /** Drop the event: counted in metrics, written nowhere. */
    record Drop(String reason) implements Verdict {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Write the raw event to {@code dlq.<stream>} with this reason in a header. */
    record Reject(String reason) implements Verdict {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Verdict drop(String reason) {
        return new Drop(reason);
    }

    static Verdict reject(String reason) {
        return new Reject(reason);
    }
}
