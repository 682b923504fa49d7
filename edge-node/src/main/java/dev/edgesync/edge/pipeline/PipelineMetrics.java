package dev.edgesync.edge.pipeline;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipeline counters: {@code edge_pipeline_events_total{stream,processor,outcome=in|out|dropped|dlq}} and
 * {@code edge_pipeline_bytes_total{stream,direction=in|out}}. A batch counts into a {@link Tally} that is added
 * only when its transaction commits, so a batch processed twice after an abort is counted once.
 */
public final class PipelineMetrics {

    public static final String EVENTS = "edge.pipeline.events";
    public static final String BYTES = "edge.pipeline.bytes";
    /** Processor name of the whole stage: raw records in; curated records out; dropped; dead-lettered. */
    public static final String STAGE = "pipeline";

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Tally tally() {
        return new Tally();
    }

    /** Adds a committed batch's counts. */
    public void apply(Tally t) {
        t.events.forEach((k, n) -> registry.counter(EVENTS, "stream", k.get(0), "processor", k.get(1), "outcome", k.get(2))
                .increment(n));
        t.bytes.forEach((k, n) -> registry.counter(BYTES, "stream", k.get(0), "direction", k.get(1)).increment(n));
    }

    /** Counts of one batch. */
    public static final class Tally {
        private final Map<List<String>, Long> events = new HashMap<>();
        private final Map<List<String>, Long> bytes = new HashMap<>();

        public void event(String stream, String processor, String outcome) {
            events.merge(List.of(stream, processor, outcome), 1L, Long::sum);
        }

        public void bytes(String stream, String direction, long n) {
            bytes.merge(List.of(stream, direction), n, Long::sum);
        }

        public long events(String stream, String processor, String outcome) {
            return events.getOrDefault(List.of(stream, processor, outcome), 0L);
        }

        public long bytes(String stream, String direction) {
            return bytes.getOrDefault(List.of(stream, direction), 0L);
        }

        /** Adds another tally into this one. */
        public void addAll(Tally other) {
            other.events.forEach((k, n) -> events.merge(k, n, Long::sum));
            other.bytes.forEach((k, n) -> bytes.merge(k, n, Long::sum));
        }
    }
}
