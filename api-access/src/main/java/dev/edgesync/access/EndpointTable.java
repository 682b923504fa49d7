package dev.edgesync.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every endpoint of an API, matched the way the router matches: by exact method ({@code HEAD} as {@code GET})
 * and segment by segment, one optional trailing slash allowed. A path that no endpoint matches is refused,
 * so an endpoint nobody listed here cannot be reached by accident.
 */
public final class EndpointTable<S> {

    /** A matched endpoint and its path parameters, decoded. */
    public record Match<S>(Endpoint<S> endpoint, Map<String, String> params) {
    }

    private final List<Endpoint<S>> endpoints;

    public EndpointTable(List<Endpoint<S>> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public List<Endpoint<S>> endpoints() {
        return endpoints;
    }

    /**
     * @param path a path that passed {@link CanonicalPath#problem}
     * @return empty if no endpoint matches, or a parameter is not valid UTF-8
     */
    public Optional<Match<S>> match(String method, String path) {
        String m = "HEAD".equals(method) ? "GET" : method;
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> segments = p.equals("/") ? List.of() : List.of(p.substring(1).split("/", -1));
        for (Endpoint<S> e : endpoints) {
            if (!e.method().equals(m)) {
                continue;
            }
            Optional<Map<String, String>> params = bind(e.segments(), segments);
            if (params.isPresent()) {
                return Optional.of(new Match<>(e, params.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Map<String, String>> bind(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String s = segments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                Optional<String> v = CanonicalPath.decodeSegment(s);
                if (s.isEmpty() || v.isEmpty()) {
                    return Optional.empty();
                }
                params.put(t.substring(1, t.length() - 1), v.get());
            } else if (!t.equals(s)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** Templates listed twice for one method: a table bug, reported by the apps' tests. */
    public List<String> duplicates() {
        List<String> seen = new ArrayList<>();
        List<String> dups = new ArrayList<>();
        for (Endpoint<S> e : endpoints) {
            String k = e.method() + " " + e.template().replaceAll("\\{[^}]*}", "{}");
            if (seen.contains(k)) {
                dups.add(k);
            }
            seen.add(k);
        }
        return dups;
    }
}
