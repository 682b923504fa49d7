package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.pipeline.aggregate.Aggregator;
import dev.edgesync.edge.pipeline.aggregate.ChangelogSource;
import dev.edgesync.edge.pipeline.process.Step;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateStore;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds each stream's {@link StreamPipeline} from {@code edge.streams.<name>.*}, or lists what is wrong with that
 * configuration, every problem naming its key. Checking builds everything that can be built without the state
 * store (schemas compiled, CEL expressions compiled, secret read), so a bad pipeline fails startup, not the first event.
 *
 * <p>This class checks each stream's processor list and puts the pipeline together; {@link StepFactory} builds the
 * per-event steps, {@link AggregateSetup} the aggregate, {@link SiteSecret} reads the keyed-hash secret.
 */
public final class PipelineFactory {

    /** Processors in the order the docs present them; any order is allowed in config, aggregate last. */
    public static final List<String> PROCESSORS = List.of("validate", "filter", "redact", "transform", "enrich", "aggregate");
    /** Least length of the keyed-hash secret. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final String CHANGELOG_PREFIX = "_windows.";

    private final EdgeConfig config;
    private final ConfigProblems problems = new ConfigProblems();
    private final StepFactory stepFactory;
    private final AggregateSetup aggregates;

    private PipelineFactory(EdgeConfig config, Function<String, String> env) {
        this.config = config;
        this.stepFactory = new StepFactory(config, problems, new SiteSecret(config.pipeline(), env, problems));
        this.aggregates = new AggregateSetup(config, problems);
    }

    /** The compacted changelog topic holding the window state of {@code stream}'s aggregate. */
    public static String changelogTopic(String stream) {
        return CHANGELOG_PREFIX + stream;
    }

    /** Streams whose pipeline ends with aggregate, with their partition counts. */
    public static Map<String, Integer> aggregatedStreams(EdgeConfig config) {
        Map<String, Integer> out = new TreeMap<>();
        config.streams().forEach((name, s) -> {
            if (s.pipeline().orElse(List.of()).contains("aggregate")) {
                out.put(name, s.partitions());
            }
        });
        return out;
    }

    /** Every problem of the pipeline configuration; {@code env} resolves environment variables. */
    public static List<String> problems(EdgeConfig config, Function<String, String> env) {
        PipelineFactory f = new PipelineFactory(config, env);
        f.checkReferenceTables();
        new TreeMap<>(config.streams()).forEach((name, s) -> f.stream(name, s, null, null, null));
        return f.problems.list();
    }

    /** The pipelines of the streams that declare one; throws if the configuration has problems. */
    public static Map<String, StreamPipeline> build(EdgeConfig config, Function<String, String> env, StateStore store,
                                                    ReferenceTables tables, ChangelogSource changelog) {
        PipelineFactory f = new PipelineFactory(config, env);
        Map<String, StreamPipeline> out = new LinkedHashMap<>();
        new TreeMap<>(config.streams()).forEach((name, s) -> {
            StreamPipeline p = f.stream(name, s, store, tables, changelog);
            if (p != null) {
                out.put(name, p);
            }
        });
        if (!f.problems.isEmpty()) {
            throw new IllegalStateException("Invalid pipeline configuration:\n  - " + String.join("\n  - ", f.problems.list()));
        }
        return out;
    }

    private StreamPipeline stream(String name, StreamConfig s, StateStore store, ReferenceTables tables,
                                  ChangelogSource changelog) {
        if (s.pipeline().isEmpty()) {
            return null;
        }
        String k = "edge.streams." + name + ".";
        List<String> names = s.pipeline().get().stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
        Set<String> seen = new HashSet<>();
        List<Step> steps = new ArrayList<>();
        Aggregator aggregator = null;
        for (int i = 0; i < names.size(); i++) {
            String p = names.get(i);
            if (!PROCESSORS.contains(p)) {
                problems.add(k + "pipeline: unknown processor '" + p + "'; use any of " + PROCESSORS);
                continue;
            }
            if (!seen.add(p)) {
                problems.add(k + "pipeline: processor '" + p + "' is listed twice");
                continue;
            }
            if ("aggregate".equals(p) && i != names.size() - 1) {
                problems.add(k + "pipeline: aggregate must be the last processor (it consumes the events)");
                continue;
            }
            try {
                switch (p) {
                    case "validate" -> add(steps, stepFactory.validate(k, s.validate()));
                    case "filter" -> add(steps, stepFactory.filter(k, s.filter()));
                    case "redact" -> add(steps, stepFactory.redact(k, s.redact()));
                    case "transform" -> add(steps, stepFactory.transform(k, s.transform()));
                    case "enrich" -> add(steps, stepFactory.enrich(k, s.enrich(), tables));
                    case "aggregate" -> aggregator = aggregates.aggregator(k, name, s, store, changelog);
                    default -> throw new IllegalStateException(p);
                }
            } catch (RuntimeException e) {
                problems.add(k + p + ": " + e.getMessage());
            }
        }
        return new StreamPipeline(name, steps, Optional.ofNullable(aggregator));
    }

    private static void add(List<Step> steps, Step s) {
        if (s != null) {
            steps.add(s);
        }
    }

    private void checkReferenceTables() {
        config.pipeline().reference().forEach((table, t) -> {
            String k = "edge.pipeline.reference." + table + ".";
            if (!List.of("file", "downlink").contains(t.source())) {
                problems.add(k + "source='" + t.source() + "' is unknown: use file or downlink");
            } else if ("downlink".equals(t.source())) {
                t.file().ifPresent(f -> problems.add(k + "file=" + f + " is not read with source=downlink: remove it, or use"
                        + " source=file to load it and let the downlink change it"));
            } else if (t.file().isEmpty()) {
                problems.add(k + "file is required: a CSV or JSON lines file (or source=downlink for a table the centre fills)");
            } else if (!Files.isReadable(t.file().get())) {
                problems.add(k + "file=" + t.file().get() + " cannot be read");
            }
            if (!List.of("auto", "csv", "jsonl").contains(t.format())) {
                problems.add(k + "format='" + t.format() + "' is unknown: use auto, csv or jsonl");
            }
        });
    }
}
