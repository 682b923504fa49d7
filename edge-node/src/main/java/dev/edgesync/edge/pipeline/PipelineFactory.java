package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.PipelineConfig;
import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.pipeline.aggregate.AggregateSpec;
import dev.edgesync.edge.pipeline.aggregate.Aggregator;
import dev.edgesync.edge.pipeline.aggregate.ChangelogSource;
import dev.edgesync.edge.pipeline.aggregate.WindowStore;
import dev.edgesync.edge.pipeline.process.EnrichStep;
import dev.edgesync.edge.pipeline.process.FilterStep;
import dev.edgesync.edge.pipeline.process.JsonPaths;
import dev.edgesync.edge.pipeline.process.RedactStep;
import dev.edgesync.edge.pipeline.process.Step;
import dev.edgesync.edge.pipeline.process.TransformStep;
import dev.edgesync.edge.pipeline.process.ValidateStep;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 */
public final class PipelineFactory {

    /** Processors in the order the docs present them; any order is allowed in config, aggregate last. */
    public static final List<String> PROCESSORS = List.of("validate", "filter", "redact", "transform", "enrich", "aggregate");
    /** Least length of the keyed-hash secret. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final String CHANGELOG_PREFIX = "_windows.";

    private final EdgeConfig config;
    private final Function<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private byte[] secret;
    private boolean secretRead;

    private PipelineFactory(EdgeConfig config, Function<String, String> env) {
        this.config = config;
        this.env = env;
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
        return f.problems;
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
            throw new IllegalStateException("Invalid pipeline configuration:\n  - " + String.join("\n  - ", f.problems));
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
                    case "validate" -> add(steps, validate(k, s.validate()));
                    case "filter" -> add(steps, filter(k, s.filter()));
                    case "redact" -> add(steps, redact(k, s.redact()));
                    case "transform" -> add(steps, transform(k, s.transform()));
                    case "enrich" -> add(steps, enrich(k, s.enrich(), tables));
                    case "aggregate" -> {
                        AggregateSpec spec = aggregate(k, name, s);
                        if (spec != null && store != null) {
                            aggregator = new Aggregator(spec,
                                    new WindowStore(store, name, changelogTopic(name), changelog), config.site().id());
                        }
                    }
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

    private Step validate(String k, StreamConfig.Validate v) {
        if (v.schema().isEmpty()) {
            problems.add(k + "validate.schema is required when the pipeline has validate: give a JSON Schema file");
            return null;
        }
        try {
            return ValidateStep.fromFile(v.schema().get());
        } catch (RuntimeException e) {
            problems.add(k + "validate.schema=" + v.schema().get() + ": " + e.getMessage());
            return null;
        }
    }

    private Step filter(String k, StreamConfig.Filter f) {
        if (f.keep().isEmpty()) {
            problems.add(k + "filter.keep is required when the pipeline has filter: give a CEL expression, e.g. data.qty > 0");
            return null;
        }
        try {
            return new FilterStep(f.keep().get());
        } catch (RuntimeException e) {
            problems.add(k + "filter.keep: " + e.getMessage());
            return null;
        }
    }

    private Step redact(String k, StreamConfig.Redact r) {
        List<String> remove = r.remove().orElse(List.of());
        List<String> hash = r.hash().orElse(List.of());
        if (remove.isEmpty() && hash.isEmpty()) {
            problems.add(k + "redact: set redact.remove and/or redact.hash when the pipeline has redact");
            return null;
        }
        if (!paths(k + "redact.remove", remove) | !paths(k + "redact.hash", hash)) {
            return null;
        }
        byte[] key = hash.isEmpty() ? null : secret(k + "redact.hash");
        if (!hash.isEmpty() && key == null) {
            return null;
        }
        return new RedactStep(remove, hash, key);
    }

    private Step transform(String k, StreamConfig.Transform t) {
        List<String> drop = t.drop().orElse(List.of());
        List<String> project = t.project().orElse(List.of());
        if (t.rename().isEmpty() && t.set().isEmpty() && drop.isEmpty() && project.isEmpty()) {
            problems.add(k + "transform: set at least one of transform.rename, transform.set, transform.drop, "
                    + "transform.project when the pipeline has transform");
            return null;
        }
        boolean ok = paths(k + "transform.rename", List.copyOf(t.rename().keySet()))
                & paths(k + "transform.rename", List.copyOf(t.rename().values()))
                & paths(k + "transform.set", List.copyOf(t.set().keySet()))
                & paths(k + "transform.drop", drop)
                & paths(k + "transform.project", project);
        return ok ? new TransformStep(t.rename(), t.set(), drop, project) : null;
    }

    private Step enrich(String k, StreamConfig.Enrich e, ReferenceTables tables) {
        boolean ok = true;
        if (e.site() && !JsonPaths.isValid(e.siteField())) {
            problems.add(k + "enrich.site-field='" + e.siteField() + "' is not a dotted field path");
            ok = false;
        }
        if (!e.site() && e.lookup().isEmpty()) {
            problems.add(k + "enrich: nothing to add: enrich.site=false and no enrich.lookup.<name>.key");
            ok = false;
        }
        List<EnrichStep.Lookup> lookups = new ArrayList<>();
        for (Map.Entry<String, StreamConfig.Enrich.Lookup> le : new TreeMap<>(e.lookup()).entrySet()) {
            String lk = k + "enrich.lookup." + le.getKey() + ".";
            StreamConfig.Enrich.Lookup l = le.getValue();
            String table = l.table().orElse(le.getKey());
            String target = l.target().orElse(le.getKey());
            if (!config.pipeline().reference().containsKey(table)) {
                problems.add(lk + "table: no reference table '" + table + "' is declared; declare edge.pipeline.reference."
                        + table + ".file");
                ok = false;
            }
            if (l.key().isEmpty()) {
                problems.add(lk + "key is required: the dotted path of the field holding the table key");
                ok = false;
            } else if (!JsonPaths.isValid(l.key().get())) {
                problems.add(lk + "key='" + l.key().get() + "' is not a dotted field path");
                ok = false;
            }
            if (!JsonPaths.isValid(target)) {
                problems.add(lk + "target='" + target + "' is not a dotted field path");
                ok = false;
            }
            if (ok) {
                lookups.add(new EnrichStep.Lookup(le.getKey(), table, l.key().get(), target, l.required()));
            }
        }
        if (!ok) {
            return null;
        }
        return new EnrichStep(e.site() ? Optional.of(e.siteField()) : Optional.empty(), config.site().id(),
                config.site().region(), config.site().cloud(), lookups, tables);
    }

    private AggregateSpec aggregate(String k, String stream, StreamConfig s) {
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
        if (a.key().isPresent() && !JsonPaths.isValid(a.key().get())) {
            problems.add(k + "aggregate.key='" + a.key().get() + "' is not a dotted field path");
            ok = false;
        }
        List<String> fields = a.fields().orElse(List.of());
        ok &= paths(k + "aggregate.fields", fields);
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
                a.type());
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

    private boolean paths(String key, List<String> paths) {
        boolean ok = true;
        for (String p : paths) {
            if (!JsonPaths.isValid(p)) {
                problems.add(key + ": '" + p + "' is not a dotted field path (letters, digits, _ - $ @ between dots)");
                ok = false;
            }
        }
        return ok;
    }

    /** The site secret for keyed hashes: from edge.pipeline.hash-secret-file, else the configured env variable. */
    private byte[] secret(String usedBy) {
        if (secretRead) {
            return secret;
        }
        secretRead = true;
        PipelineConfig p = config.pipeline();
        String source;
        byte[] s;
        if (p.hashSecretFile().isPresent()) {
            Path f = p.hashSecretFile().get();
            source = "edge.pipeline.hash-secret-file=" + f;
            try {
                s = stripTrailingWhitespace(Files.readAllBytes(f));
            } catch (IOException e) {
                problems.add(source + " cannot be read (" + e.getClass().getSimpleName() + "); " + usedBy + " needs it");
                return null;
            }
        } else {
            source = "environment variable " + p.hashSecretEnv() + " (edge.pipeline.hash-secret-env)";
            String v = env.apply(p.hashSecretEnv());
            if (v == null || v.isBlank()) {
                problems.add(usedBy + " needs a site secret: set edge.pipeline.hash-secret-file or the " + source);
                return null;
            }
            s = v.strip().getBytes(StandardCharsets.UTF_8);
        }
        if (s.length < MIN_SECRET_BYTES) {
            problems.add(source + ": the secret must be at least " + MIN_SECRET_BYTES + " bytes, it has " + s.length);
            return null;
        }
        secret = s;
        return s;
    }

    private static byte[] stripTrailingWhitespace(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' ' || b[n - 1] == '\t')) {
            n--;
        }
        return java.util.Arrays.copyOf(b, n);
    }
}
