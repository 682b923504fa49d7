package dev.edgesync.edge.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reference tables (products, stores, ...) held in the state store, one JSON object row per (table, key). Loaded
 * from files at startup and changed by the downlink; the batch forms let a caller commit a change together with
 * other state (the downlink's position).
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

    /** Adds setting one row to {@code batch}. */
    public void put(StateStore.Batch batch, String table, String key, JsonNode row) {
        batch.put(StateFamilies.REFERENCE, key(table, key), bytes(row));
    }

    /** Adds removing one row to {@code batch}. */
    public void delete(StateStore.Batch batch, String table, String key) {
        batch.delete(StateFamilies.REFERENCE, key(table, key));
    }

    /** Replaces every row of {@code table} by {@code rows} (key, row), atomically. */
    public void replace(String table, List<Row> rows) {
        try (StateStore.Batch b = store.newBatch()) {
            replace(b, table, rows);
            store.write(b);
        }
    }

    /** Adds replacing every row of {@code table} by {@code rows} to {@code batch} (rows as they are now). */
    public void replace(StateStore.Batch batch, String table, List<Row> rows) {
        store.scan(StateFamilies.REFERENCE, prefix(table), (k, v) -> batch.delete(StateFamilies.REFERENCE, k));
        for (Row r : rows) {
            batch.put(StateFamilies.REFERENCE, key(table, r.key()), bytes(r.value()));
        }
    }

    /** True if {@code table} has at least one row. */
    public boolean hasRows(String table) {
        boolean[] any = {false};
        store.scanWhile(StateFamilies.REFERENCE, prefix(table), (k, v) -> {
            any[0] = true;
            return false;
        });
        return any[0];
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
