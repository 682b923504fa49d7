package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.pipeline.aggregate.Aggregator;
import dev.edgesync.edge.pipeline.aggregate.WindowStore;
import dev.edgesync.edge.pipeline.process.PipelineEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The logic of the stage {@code raw.* -> curated.*}, free of SmallRye: for each batch, the records to write in its
 * transaction, and what to do once the transaction committed or failed.
 *
 * <p>Every raw record first goes through the {@link Processor} hook (identity unless a bean replaces it), then
 * through its stream's configured {@link StreamPipeline}; a stream without one is forwarded as the hook left it.
 * Window changes reach RocksDB and counts reach the metrics only after the commit.
 */
public final class PipelineEngine {

    private final Processor hook;
    private final Map<String, StreamPipeline> pipelines;
    private final PipelineMetrics metrics;

    public PipelineEngine(Processor hook, Map<String, StreamPipeline> pipelines, PipelineMetrics metrics) {
        this.hook = hook;
        this.pipelines = Map.copyOf(pipelines);
        this.metrics = metrics;
    }

    public Map<String, StreamPipeline> pipelines() {
        return pipelines;
    }

    public Batch begin() {
        return new Batch();
    }

    /** One batch, processed inside one transaction. Not thread-safe. */
    public final class Batch {
        private final PipelineMetrics.Tally tally = metrics.tally();

        private Batch() {
        }

        public PipelineMetrics.Tally tally() {
            return tally;
        }

        /** What to write for one raw record of {@code stream}, in order. */
        public List<StageRouting.Target> process(String stream, RawEvent raw) {
            tally.event(stream, PipelineMetrics.STAGE, "in");
            tally.bytes(stream, "in", raw.value() == null ? 0 : raw.value().length);
            Outcome o = hook.process(stream, raw);
            StreamPipeline p = pipelines.get(stream);
            List<StageRouting.Target> out = new ArrayList<>(1);
            if (o instanceof Outcome.Forward f && p != null) {
                PipelineEvent e = new PipelineEvent(raw.partition(), raw.timestampMs(), f.key(), f.value(),
                        f.headers());
                p.process(raw, e, tally, out);
                return out;
            }
            StageRouting.Target t = StageRouting.route(stream, raw, o);
            if (o instanceof Outcome.Forward) {
                tally.event(stream, PipelineMetrics.STAGE, "out");
                tally.bytes(stream, "out", t.value() == null ? 0 : t.value().length);
            } else {
                tally.event(stream, PipelineMetrics.STAGE, "dlq");
            }
            out.add(t);
            return out;
        }

        /** The window-state changelog writes of the batch: sent last, in the same transaction. */
        public List<StageRouting.Target> finish() {
            List<StageRouting.Target> out = new ArrayList<>();
            for (StreamPipeline p : pipelines.values()) {
                if (p.aggregator().isPresent()) {
                    WindowStore s = p.aggregator().get().store();
                    for (WindowStore.Change c : s.pendingChangelog()) {
                        out.add(new StageRouting.Target(s.changelogTopic(), c.partition(), c.key(), c.value(),
                                new RecordHeaders()));
                    }
                }
            }
            return out;
        }

        /** The transaction committed: make window changes durable locally, count the batch. */
        public void committed() {
            for (StreamPipeline p : pipelines.values()) {
                p.aggregator().ifPresent(a -> a.store().commit());
            }
            metrics.apply(tally);
        }

        /** The transaction aborted or its outcome is unknown: window state is restored from the changelog. */
        public void aborted() {
            for (StreamPipeline p : pipelines.values()) {
                p.aggregator().ifPresent(Aggregator::abort);
            }
        }
    }
}
