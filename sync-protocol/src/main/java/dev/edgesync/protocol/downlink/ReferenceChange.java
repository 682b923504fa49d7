package dev.edgesync.protocol.downlink;

import dev.edgesync.protocol.TopicNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payload of a {@code reference} message: one operation on one reference table of the edges.
 * <ul>
 *   <li>{@code {"table":"products","op":"upsert","rows":{"sku-1":{...},"sku-2":{...}}}}: sets these rows;</li>
 *   <li>{@code {"table":"products","op":"delete","keys":["sku-1"]}}: removes these rows (absent ones are fine);</li>
 *   <li>{@code {"table":"products","op":"replace","rows":{...}}}: the table becomes exactly these rows; with no rows
 *       only when the message says so, {@code "allowEmpty":true} (a replace that empties a table on every edge is
 *       more often a bug than a wish).</li>
 * </ul>
 * Every operation sets state rather than changing it by a delta, so applying a message twice (a client that retried
 * its POST) leaves the same table. Rows are JSON objects (a JSON mapper gives them as maps), keys are strings.
 *
 * @param rows key to row, for upsert and replace
 * @param keys keys to delete, for delete
 * @param allowEmpty true if a replace may leave the table empty; only with replace (null: false)
 */
public record ReferenceChange(String table, String op, Map<String, Object> rows, List<String> keys, Boolean allowEmpty) {

    public static final String UPSERT = "upsert";
    public static final String DELETE = "delete";
    public static final String REPLACE = "replace";
    /** Longest row key, in characters. */
    public static final int MAX_KEY_LENGTH = 512;

    public ReferenceChange {
        rows = rows == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public static ReferenceChange upsert(String table, Map<String, Object> rows) {
        return new ReferenceChange(table, UPSERT, rows, null, null);
    }

    public static ReferenceChange delete(String table, List<String> keys) {
        return new ReferenceChange(table, DELETE, null, keys, null);
    }

    public static ReferenceChange replace(String table, Map<String, Object> rows) {
        return new ReferenceChange(table, REPLACE, rows, null, null);
    }

    /** What is wrong with this change, each naming its field; empty when it can be applied. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!TopicNames.isValidId(table)) {
            p.add("table='" + table + "' is not a valid table name: use 1-63 lower-case letters, digits or '-'");
        }
        if (UPSERT.equals(op) || REPLACE.equals(op)) {
            if (!keys.isEmpty()) {
                p.add("keys: not allowed with op " + op + "; give rows");
            }
            if (UPSERT.equals(op) && rows.isEmpty()) {
                p.add("rows: op upsert needs at least one row, e.g. \"rows\":{\"sku-1\":{\"price\":2.5}}");
            }
            if (REPLACE.equals(op) && rows.isEmpty() && !Boolean.TRUE.equals(allowEmpty)) {
                p.add("rows: op replace with no rows would empty table '" + table + "'; if that is meant, say so with"
                        + " \"allowEmpty\":true");
            }
            rows.forEach((k, v) -> {
                keyProblem(k).ifPresent(p::add);
                if (!(v instanceof Map)) {
                    p.add("rows." + k + ": a row must be a JSON object");
                }
            });
        } else if (DELETE.equals(op)) {
            if (!rows.isEmpty()) {
                p.add("rows: not allowed with op delete; give keys");
            }
            if (keys.isEmpty()) {
                p.add("keys: op delete needs at least one key, e.g. \"keys\":[\"sku-1\"]");
            }
            keys.forEach(k -> keyProblem(k).ifPresent(p::add));
        } else {
            p.add("op='" + op + "' is unknown: use upsert, delete or replace");
        }
        if (allowEmpty != null && !REPLACE.equals(op)) {
            p.add("allowEmpty: only with op replace");
        }
        return p;
    }

    private static java.util.Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return java.util.Optional.of("key '" + key + "' must have 1-" + MAX_KEY_LENGTH + " characters");
        }
        return java.util.Optional.empty();
    }
}
