package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.pipeline.process.EnrichStep;
import dev.edgesync.edge.pipeline.process.FilterStep;
import dev.edgesync.edge.pipeline.process.JsonPaths;
import dev.edgesync.edge.pipeline.process.RedactStep;
import dev.edgesync.edge.pipeline.process.Step;
import dev.edgesync.edge.pipeline.process.TransformStep;
import dev.edgesync.edge.pipeline.process.ValidateStep;
import dev.edgesync.edge.reference.ReferenceTables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the per-event steps (validate, filter, redact, transform, enrich) of one stream from its
 * {@code edge.streams.<name>.*} keys; each answers null after adding what is wrong to the problems.
 * {@code k} is the stream's key prefix, {@code edge.streams.<name>.}.
 */
final class StepFactory {

    private final EdgeConfig config;
    private final ConfigProblems problems;
    private final SiteSecret secret;

    StepFactory(EdgeConfig config, ConfigProblems problems, SiteSecret secret) {
        this.config = config;
        this.problems = problems;
        this.secret = secret;
    }

    Step validate(String k, StreamConfig.Validate v) {
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

    Step filter(String k, StreamConfig.Filter f) {
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

    Step redact(String k, StreamConfig.Redact r) {
        List<String> remove = r.remove().orElse(List.of());
        List<String> hash = r.hash().orElse(List.of());
        if (remove.isEmpty() && hash.isEmpty()) {
            problems.add(k + "redact: set redact.remove and/or redact.hash when the pipeline has redact");
            return null;
        }
        if (!problems.checkPaths(k + "redact.remove", remove) | !problems.checkPaths(k + "redact.hash", hash)) {
            return null;
        }
        byte[] key = hash.isEmpty() ? null : secret.get(k + "redact.hash");
        if (!hash.isEmpty() && key == null) {
            return null;
        }
        return new RedactStep(remove, hash, key);
    }

    Step transform(String k, StreamConfig.Transform t) {
        List<String> drop = t.drop().orElse(List.of());
        List<String> project = t.project().orElse(List.of());
        if (t.rename().isEmpty() && t.set().isEmpty() && drop.isEmpty() && project.isEmpty()) {
            problems.add(k + "transform: set at least one of transform.rename, transform.set, transform.drop, "
                    + "transform.project when the pipeline has transform");
            return null;
        }
        boolean ok = problems.checkPaths(k + "transform.rename", List.copyOf(t.rename().keySet()))
                & problems.checkPaths(k + "transform.rename", List.copyOf(t.rename().values()))
                & problems.checkPaths(k + "transform.set", List.copyOf(t.set().keySet()))
                & problems.checkPaths(k + "transform.drop", drop)
                & problems.checkPaths(k + "transform.project", project);
        return ok ? new TransformStep(t.rename(), t.set(), drop, project) : null;
    }

    Step enrich(String k, StreamConfig.Enrich e, ReferenceTables tables) {
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
}
