package dev.edgesync.edge.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reference tables (products, stores, ...) held in the state store, one JSON object row per (table, key). Loaded
 * from files at startup for now; the downlink will write through the same {@link #put}.
 */
public final class ReferenceTables {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StateStore store;

    public ReferenceTables(StateStore store) {
        this.store = store;
    }

    public Optional<JsonNode> get(String table, String key) {
        byte[] v = store.get(StateFamilies.REFERENCE, key(table, key));
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(v));
        } catch (IOException e) {
            throw new UncheckedIOException("reference table " + table + ": unreadable row for key " + key, e);
        }
    }

    public void put(String table, String key, JsonNode row) {
        store.put(StateFamilies.REFERENCE, key(table, key), bytes(row));
    }

    public void delete(String table, String key) {
        store.delete(StateFamilies.REFERENCE, key(table, key));
    }

    /** Replaces every row of {@code table} by {@code rows} (key, row), atomically. */
    public void replace(String table, List<Row> rows) {
        byte[] prefix = prefix(table);
        List<byte[]> old = new ArrayList<>();
        store.scan(StateFamilies.REFERENCE, prefix, (k, v) -> old.add(k));
        try (StateStore.Batch b = store.newBatch()) {
            old.forEach(k -> b.delete(StateFamilies.REFERENCE, k));
            for (Row r : rows) {
                b.put(StateFamilies.REFERENCE, key(table, r.key()), bytes(r.value()));
            }
            store.write(b);
        }
    }

    /** Rows in {@code table}. */
    public long count(String table) {
        long[] n = {0};
        store.scan(StateFamilies.REFERENCE, prefix(table), (k, v) -> n[0]++);
        return n[0];
    }

    /** One row of a table. */
    public record Row(String key, JsonNode value) {
    }

    private static byte[] bytes(JsonNode row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] prefix(String table) {
        return (table + '\0').getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(String table, String key) {
        return (table + '\0' + key).getBytes(StandardCharsets.UTF_8);
    }
}
