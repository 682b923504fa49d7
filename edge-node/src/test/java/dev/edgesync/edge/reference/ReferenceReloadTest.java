package dev.edgesync.edge.reference;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A restart must not wipe rows the downlink changed: a file is loaded again only when it changed. */
class ReferenceReloadTest {

    @TempDir
    Path dir;

    private StateStore open() {
        return StateStore.open(dir.resolve("state"), StateFamilies.all(Duration.ofDays(1)));
    }

    @Test
    void anUnchangedFileKeepsDownlinkedRowsAcrossRestartsAndAChangedOneReplacesTheTable() throws IOException {
        Path file = dir.resolve("stores.jsonl");
        Files.writeString(file, "{\"code\":\"s1\",\"city\":\"Leeds\"}\n{\"code\":\"s2\",\"city\":\"York\"}\n");
        try (StateStore store = open()) {
            assertThat(ReferenceService.load(store, "stores", file, "auto", "code")).isTrue();
            ReferenceTables t = new ReferenceTables(store);
            // What the downlink does meanwhile.
            t.put("stores", "s3", JsonNodeFactory.instance.objectNode().put("city", "Hull"));
            t.delete("stores", "s1");
        }
        try (StateStore store = open()) {
            assertThat(ReferenceService.load(store, "stores", file, "auto", "code")).as("same file: not reloaded").isFalse();
            ReferenceTables t = new ReferenceTables(store);
            assertThat(t.get("stores", "s3")).isPresent();
            assertThat(t.get("stores", "s1")).isEmpty();
            assertThat(ReferenceService.load(store, "stores", file, "jsonl", "code")).as("format changed: reloaded").isTrue();
        }
        Files.writeString(file, "{\"code\":\"s9\",\"city\":\"Ely\"}\n");
        try (StateStore store = open()) {
            assertThat(ReferenceService.load(store, "stores", file, "jsonl", "code")).as("content changed: reloaded").isTrue();
            ReferenceTables t = new ReferenceTables(store);
            assertThat(t.count("stores")).isEqualTo(1);
            assertThat(t.get("stores", "s9").orElseThrow().get("city").asText()).isEqualTo("Ely");
        }
    }
}
