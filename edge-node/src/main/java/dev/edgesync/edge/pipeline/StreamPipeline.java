package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.pipeline.aggregate.Aggregator;
import dev.edgesync.edge.pipeline.process.PipelineEvent;
import dev.edgesync.edge.pipeline.process.Step;
import dev.edgesync.edge.pipeline.process.Verdict;
import dev.edgesync.edge.state.StateException;
import dev.edgesync.protocol.TopicNames;

import java.util.List;
import java.util.Optional;

/**
 * The configured processors of one stream, in order, optionally ending with an aggregate. Turns one event into
 * what the stage writes: the event in curated, the raw event in the dlq, nothing (dropped or absorbed into a
 * window), or window results that the event closed.
 */
public final class StreamPipeline {

    private final String stream;
    private final List<Step> steps;
    private final Optional<Aggregator> aggregator;

    public StreamPipeline(String stream, List<Step> steps, Optional<Aggregator> aggregator) {
        this.stream = stream;
        this.steps = List.copyOf(steps);
        this.aggregator = aggregator;
    }

    public String stream() {
        return stream;
    }

    public List<Step> steps() {
        return steps;
    }

    public Optional<Aggregator> aggregator() {
        return aggregator;
    }

    /** Names of the processors, in order, as configured. */
    public List<String> names() {
        java.util.ArrayList<String> n = new java.util.ArrayList<>();
        steps.forEach(s -> n.add(s.name()));
        aggregator.ifPresent(a -> n.add("aggregate"));
        return n;
    }

    /**
     * Processes {@code event} (already past the stage's {@link Processor} hook); {@code raw} is the record as
     * consumed, written to the dlq on a rejection. Adds what to write to {@code out} and counts into {@code tally}.
     */
    public void process(RawEvent raw, PipelineEvent event, PipelineMetrics.Tally tally, List<StageRouting.Target> out) {
        for (Step s : steps) {
            tally.event(stream, s.name(), "in");
            Verdict v;
            try {
                v = s.apply(event);
            } catch (StateException e) {
                throw e; // local storage failing: abort the batch and retry it, never dead-letter good events
            } catch (RuntimeException e) {
                // A processor bug on one event must not stall the stream by failing its batch forever.
                v = Verdict.reject(s.name() + ": failed: " + e);
            }
            if (!(v instanceof Verdict.Continue)) {
                end(raw, s.name(), v, tally, out);
                return;
            }
            tally.event(stream, s.name(), "out");
        }
        if (aggregator.isPresent()) {
            Aggregator a = aggregator.get();
            tally.event(stream, "aggregate", "in");
            Aggregator.Result r = a.accept(event);
            for (Aggregator.Output o : r.outputs()) {
                tally.event(stream, "aggregate", "out");
                write(new StageRouting.Target(TopicNames.curated(a.spec().outputStream()), o.partition(), o.key(),
                        o.value(), o.headers()), tally, out);
            }
            if (r.ahead()) {
                tally.event(stream, "aggregate", "ahead");
            }
            if (!(r.verdict() instanceof Verdict.Continue)) {
                end(raw, "aggregate", r.verdict(), tally, out);
            }
            return;
        }
        write(new StageRouting.Target(TopicNames.curated(stream), raw.partition(), event.key(), event.value(),
                event.headers()), tally, out);
    }

    private void end(RawEvent raw, String processor, Verdict v, PipelineMetrics.Tally tally, List<StageRouting.Target> out) {
        if (v instanceof Verdict.Drop) {
            tally.event(stream, processor, "dropped");
            tally.event(stream, PipelineMetrics.STAGE, "dropped");
        } else {
            tally.event(stream, processor, "dlq");
            tally.event(stream, PipelineMetrics.STAGE, "dlq");
            out.add(StageRouting.route(stream, raw, Outcome.reject(((Verdict.Reject) v).reason())));
        }
    }

    private void write(StageRouting.Target t, PipelineMetrics.Tally tally, List<StageRouting.Target> out) {
        tally.event(stream, PipelineMetrics.STAGE, "out");
        tally.bytes(stream, "out", t.value() == null ? 0 : t.value().length);
        out.add(t);
    }
}
