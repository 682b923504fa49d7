package dev.edgesync.core.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One admin action as the audit topic keeps it: who (a key's name, {@code anonymous} under {@code core.api.auth=none},
 * {@code unauthenticated} without a valid key), what (method, path and a summary: site, kind, target; never a body, a
 * password or a key), when, the HTTP status it was answered with, and the caller's address.
 */
public record AuditEntry(Instant at, String who, String method, String path, Map<String, String> what, int status,
                         String remote) {

    public static final String ANONYMOUS = "anonymous";
    public static final String UNAUTHENTICATED = "unauthenticated";
    private static final ObjectMapper JSON = new ObjectMapper();

    public AuditEntry {
        what = Map.copyOf(what);
    }

    /** The same call, recorded as never answered (status 0): the connection closed before the response ended. */
    public AuditEntry unanswered() {
        return new AuditEntry(at, who, method, path, what, 0, remote);
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.toString());
        m.put("who", who);
        m.put("method", method);
        m.put("path", path);
        m.put("what", new TreeMap<>(what));
        m.put("status", status);
        m.put("remote", remote);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** One line for the log. */
    @Override
    public String toString() {
        return "who=" + who + " " + method + " " + path + " " + new TreeMap<>(what) + " -> " + status + " from " + remote;
    }
}
