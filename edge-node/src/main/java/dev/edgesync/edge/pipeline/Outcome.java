package dev.edgesync.edge.pipeline;

import org.apache.kafka.common.header.Headers;

import java.util.Objects;

/** What a {@link Processor} decided for one raw record. */
public sealed interface Outcome {

    /** Write this to {@code curated.<stream>}, in the same partition as the raw record. */
    record Forward(byte[] key, byte[] value, Headers headers) implements Outcome {
        public Forward {
            Objects.requireNonNull(headers, "headers");
        }
    }

    /** Write the raw record to {@code dlq.<stream>} (same partition) with the reason in a header. */
    record Reject(String reason) implements Outcome {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Outcome forward(byte[] key, byte[] value, Headers headers) {
        return new Forward(key, value, headers);
    }

    static Outcome reject(String reason) {
        return new Reject(reason);
    }
}
