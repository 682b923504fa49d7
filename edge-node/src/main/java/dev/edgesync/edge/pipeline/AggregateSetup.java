package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.pipeline.aggregate.AggregateSpec;
import dev.edgesync.edge.pipeline.aggregate.Aggregator;
import dev.edgesync.edge.pipeline.aggregate.ChangelogSource;
import dev.edgesync.edge.pipeline.aggregate.WindowStore;
import dev.edgesync.edge.pipeline.process.JsonPaths;
import dev.edgesync.edge.state.StateStore;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The aggregate of one stream: its spec checked from {@code edge.streams.<name>.aggregate.*}, and the aggregator
 * wired to its window store and changelog topic.
 */
final class AggregateSetup {

    private final EdgeConfig config;
    private final ConfigProblems problems;

    AggregateSetup(EdgeConfig config, ConfigProblems problems) {
        this.config = config;
        this.problems = problems;
    }

    /** The aggregator of {@code stream}, or null if its configuration has problems or there is no store (checking only). */
    Aggregator aggregator(String k, String stream, StreamConfig s, StateStore store, ChangelogSource changelog) {
        AggregateSpec spec = spec(k, stream, s);
        if (spec == null || store == null) {
            return null;
        }
        return new Aggregator(spec, new WindowStore(store, stream, PipelineFactory.changelogTopic(stream), changelog),
                config.site().id());
    }

    private AggregateSpec spec(String k, String stream, StreamConfig s) {
        StreamConfig.Aggregate a = s.aggregate();
        boolean ok = true;
        if (a.window().toMillis() < 1000) {
            problems.add(k + "aggregate.window=" + a.window() + " must be at least 1s");
            ok = false;
        }
        if (a.grace().isNegative()) {
            problems.add(k + "aggregate.grace=" + a.grace() + " must not be negative");
            ok = false;
        }
        if (a.maxAhead().toMillis() < 1) {
            problems.add(k + "aggregate.max-ahead=" + a.maxAhead() + " must be positive");
            ok = false;
        }
        if (a.key().isPresent() && !JsonPaths.isValid(a.key().get())) {
            problems.add(k + "aggregate.key='" + a.key().get() + "' is not a dotted field path");
            ok = false;
        }
        List<String> fields = a.fields().orElse(List.of());
        ok &= problems.checkPaths(k + "aggregate.fields", fields);
        Set<String> functions = new LinkedHashSet<>();
        for (String f : a.functions()) {
            if (!AggregateSpec.FUNCTIONS.contains(f.trim())) {
                problems.add(k + "aggregate.functions: unknown function '" + f + "'; use any of " + AggregateSpec.FUNCTIONS);
                ok = false;
            }
            functions.add(f.trim());
        }
        String out = a.outputStream().orElse(stream);
        StreamConfig target = config.streams().get(out);
        if (target == null) {
            problems.add(k + "aggregate.output-stream='" + out + "' is not a declared stream");
            ok = false;
        } else if (target.partitions() != s.partitions()) {
            problems.add(k + "aggregate.output-stream='" + out + "' has " + target.partitions()
                    + " partitions, this stream " + s.partitions() + ": results keep their partition, so they must match");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new AggregateSpec(stream, a.window().toMillis(), a.grace().toMillis(), a.key(), fields, functions, out,
                a.type(), a.maxAhead().toMillis());
    }
}
