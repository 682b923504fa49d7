package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rejects events whose data does not match the stream's JSON Schema (draft 2020-12 unless the schema says
 * {@code $schema}); the reason names the first few failures with their JSON location.
 */
public final class ValidateStep implements Step {

    private static final int MAX_REASONS = 3;
    private final Schema schema;

    public ValidateStep(JsonNode schemaNode) {
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
    }

    /** Reads and compiles the schema file; an unreadable file or invalid JSON throws with the path in the message. */
    public static ValidateStep fromFile(Path file) {
        JsonNode node;
        try {
            node = PipelineEvent.JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON Schema " + file + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("JSON Schema " + file + " is not a JSON object");
        }
        return new ValidateStep(node);
    }

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public Verdict apply(PipelineEvent event) {
        JsonNode data;
        try {
            data = event.data();
        } catch (PipelineEvent.NotJsonException e) {
            return Verdict.reject("validate: " + e.getMessage());
        }
        List<Error> errors = schema.validate(data);
        if (errors.isEmpty()) {
            return Verdict.CONTINUE;
        }
        String reasons = errors.stream().limit(MAX_REASONS)
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .collect(Collectors.joining("; "));
        if (errors.size() > MAX_REASONS) {
            reasons += "; and " + (errors.size() - MAX_REASONS) + " more";
        }
        return Verdict.reject("validate: " + reasons);
    }
}
