package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/**
 * Dotted field paths into a JSON object ({@code customer.email}): the only addressing the processors use.
 * A path names object members only (no array indexes), which keeps configuration simple and checkable.
 */
public final class JsonPaths {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_$@-]+");

    private JsonPaths() {
    }

    /** Whether {@code path} is well formed: one or more dot-separated member names. */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        for (String s : path.split("\\.", -1)) {
            if (!SEGMENT.matcher(s).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The node at {@code path}, or null when any step is missing or not an object. */
    public static JsonNode get(JsonNode root, String path) {
        JsonNode n = root;
        for (String s : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(s);
        }
        return n;
    }

    /** Removes the member at {@code path}; returns what was there, or null. */
    public static JsonNode remove(ObjectNode root, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? root : get(root, path.substring(0, dot));
        if (parent instanceof ObjectNode o) {
            return o.remove(path.substring(dot + 1));
        }
        return null;
    }

    /** Sets {@code value} at {@code path}, creating missing parent objects (and replacing non-object ones). */
    public static void set(ObjectNode root, String path, JsonNode value) {
        String[] segments = path.split("\\.");
        ObjectNode n = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = n.get(segments[i]);
            if (!(child instanceof ObjectNode)) {
                child = n.putObject(segments[i]);
            }
            n = (ObjectNode) child;
        }
        n.set(segments[segments.length - 1], value);
    }
}
