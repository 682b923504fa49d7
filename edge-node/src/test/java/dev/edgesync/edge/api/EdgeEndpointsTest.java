package dev.edgesync.edge.api;

import dev.edgesync.access.ApiGate;
import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.access.Endpoint;
import dev.edgesync.access.EndpointTable;
import dev.edgesync.edge.history.StatusHistoryResource;
import dev.edgesync.edge.ingest.IngestResource;
import dev.edgesync.edge.reference.ReferenceResource;
import dev.edgesync.edge.status.StatusResource;
import dev.edgesync.edge.sync.BandwidthResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's endpoint table against what the edge serves: every JAX-RS method of every resource class has an entry
 * with a scope (a resource added without one fails here), and the gate built on it decides as docs/security.md says.
 */
class EdgeEndpointsTest {

    private static final String TILL = "till-key-0123456789abcdef0123456789";
    private static final String OPS = "ops-key-0123456789abcdef0123456789ab";
    private static final ApiGate<EdgeKey, Scope> GATE = ApiSettings.gate(true, List.of(
            new EdgeKey("till", ApiKeyHash.of(TILL), Set.of(Scope.INGEST), Set.of("sales"), SourcePatterns.of(List.of("*"))),
            EdgeKey.of("ops", ApiKeyHash.of(OPS), Set.of(Scope.READ, Scope.ADMIN))));
    /** Resources deliberately reachable without a key: none today. */
    private static final Set<String> PUBLIC_RESOURCES = Set.of();

    record Served(String method, String path) {
    }

    @Test
    void theScanFindsTheResourceClasses() {
        // The scan finds at least the resources known today (so it scans at all); new ones are checked below.
        assertThat(resourceClasses()).as("the @Path classes of the edge, found on the class path")
                .contains(IngestResource.class, StatusResource.class, StatusHistoryResource.class,
                        ReferenceResource.class, BandwidthResource.class);
    }

    @Test
    void everyJaxRsEndpointHasAnEntryWithAScope() {
        EndpointTable<Scope> table = EdgeEndpoints.table();
        List<Served> served = new ArrayList<>();
        for (Class<?> c : resourceClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                httpMethod(m).ifPresent(http -> served.add(new Served(http, path(c, m))));
            }
        }
        assertThat(served).hasSizeGreaterThanOrEqualTo(7);
        for (Served s : served) {
            // A template such as /v1/streams/{stream}/events matched with a sample value in each parameter.
            String sample = s.path().replaceAll("\\{[^}/]+}", "x");
            Optional<EndpointTable.Match<Scope>> match = table.match(s.method(), sample);
            assertThat(match).as("table entry for %s %s", s.method(), s.path()).isPresent();
            Endpoint<Scope> e = match.get().endpoint();
            assertThat(e.template()).as("%s %s", s.method(), s.path()).isEqualTo(s.path());
            if (!PUBLIC_RESOURCES.contains(s.method() + " " + s.path())) {
                assertThat(e.scope()).as("scope of %s %s", s.method(), s.path()).isNotNull();
            }
        }
        assertThat(table.duplicates()).isEmpty();
    }

    @Test
    void onlyProbesAndThePageShellArePublic() {
        assertThat(EdgeEndpoints.table().endpoints().stream().filter(Endpoint::isPublic).map(Endpoint::template))
                .containsExactlyInAnyOrder("/q/health/live", "/q/health/ready", "/", "/index.html", "/status.css",
                        "/status.js");
    }

    private static int status(String method, String path, String key) {
        return GATE.decide(method, path, Optional.ofNullable(key), Optional.of("application/json")).status();
    }

    @Test
    void scopesStreamsAndUnknownPaths() {
        assertThat(status("POST", "/v1/streams/sales/events", TILL)).isZero();
        assertThat(status("POST", "/v1/streams/payments/events", TILL)).isEqualTo(403);
        assertThat(GATE.decide("POST", "/v1/streams/payments/events", Optional.of(TILL), Optional.empty()).reason())
                .contains("'till'", "'payments'").doesNotContain(TILL);
        assertThat(status("POST", "/v1/streams/sales/events", OPS)).as("no ingest scope").isEqualTo(403);
        assertThat(status("GET", "/v1/status", OPS)).isZero();
        assertThat(status("HEAD", "/v1/status", OPS)).isZero();
        assertThat(status("PUT", "/v1/sync/bandwidth", OPS)).isZero();
        assertThat(GATE.decide("PUT", "/v1/sync/bandwidth", Optional.of(OPS), Optional.of("text/plain")).status())
                .as("a body a web page can send without asking").isEqualTo(415);
        assertThat(status("GET", "/v1/status", TILL)).isEqualTo(403);
        assertThat(GATE.decide("PUT", "/v1/sync/bandwidth", Optional.of(TILL), Optional.empty()).reason())
                .contains("scope 'admin'");
        for (String q : List.of("/q/metrics", "/q/openapi", "/q/health", "/q/health/started", "/q/health/group/link")) {
            assertThat(status("GET", q, null)).as(q).isEqualTo(401);
            assertThat(status("GET", q, TILL)).as(q).isEqualTo(403);
            assertThat(status("GET", q, OPS)).as(q).isZero();
        }
        for (String open : List.of("/q/health/live", "/q/health/ready", "/", "/index.html", "/status.js", "/status.css")) {
            assertThat(status("GET", open, null)).as(open).isZero();
        }
        assertThat(status("GET", "/q/dev-ui", null)).isEqualTo(401);
        assertThat(status("GET", "/q/dev-ui", OPS)).isEqualTo(404);
        assertThat(status("DELETE", "/v1/status", OPS)).isEqualTo(404);
        assertThat(status("get", "/v1/status", OPS)).as("methods are case-sensitive").isEqualTo(404);
        assertThat(status("GET", "/v1/status", TILL + "x")).isEqualTo(401);
        assertThat(status("GET", "/v1;x/status", OPS)).isEqualTo(400);
    }

    private static Optional<String> httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    private static String path(Class<?> c, Method m) {
        String base = c.getAnnotation(Path.class).value();
        Path sub = m.getAnnotation(Path.class);
        String p = "/" + base.replaceAll("^/+|/+$", "") + (sub == null ? "" : "/" + sub.value().replaceAll("^/+|/+$", ""));
        return p.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }

    /** Every class under dev.edgesync.edge (main classes) with a class-level @Path. */
    static List<Class<?>> resourceClasses() {
        try {
            var root = Paths.get(IngestResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Class<?>> found = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("dev/edgesync/edge"))) {
                for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> c = Class.forName(name, false, EdgeEndpointsTest.class.getClassLoader());
                    if (c.isAnnotationPresent(Path.class)) {
                        found.add(c);
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
