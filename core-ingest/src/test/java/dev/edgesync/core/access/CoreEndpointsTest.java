package dev.edgesync.core.access;

import dev.edgesync.access.Endpoint;
import dev.edgesync.access.EndpointTable;
import dev.edgesync.core.rest.SitesResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint table lists every JAX-RS endpoint of core-ingest (found by reflection over the resource classes), so
 * one added without an entry fails here instead of being unreachable or, worse, reachable unchecked.
 */
class CoreEndpointsTest {

    private final EndpointTable<CoreScope> table = CoreEndpoints.table();

    @Test
    void everyJaxRsEndpointHasAnEntryWithItsScopeAndEveryV1EntryAnEndpoint() throws Exception {
        List<String> endpoints = jaxRsEndpoints();
        assertThat(endpoints).as("the resource classes were found").hasSizeGreaterThanOrEqualTo(6);
        Set<String> listed = new TreeSet<>();
        for (String e : endpoints) {
            String method = e.substring(0, e.indexOf(' '));
            String template = e.substring(e.indexOf(' ') + 1);
            var m = table.match(method, template.replaceAll("\\{[^}]*}", "x"));
            assertThat(m).as("table entry for " + e).isPresent();
            assertThat(m.get().endpoint().isPublic()).as(e + " needs a key").isFalse();
            if (!method.equals("GET")) {
                assertThat(m.get().endpoint().mediaTypes()).as(e + " takes JSON only").containsExactly("application/json");
                assertThat(m.get().endpoint().scope()).as(e).isIn(CoreScope.ONBOARD, CoreScope.DOWNLINK);
            } else {
                assertThat(m.get().endpoint().scope()).as(e).isEqualTo(CoreScope.READ);
            }
            listed.add(m.get().endpoint().method() + " " + m.get().endpoint().template());
        }
        for (Endpoint<CoreScope> e : table.endpoints()) {
            if (e.template().startsWith("/v1/")) {
                assertThat(listed).as("a JAX-RS method behind " + e.method() + " " + e.template())
                        .contains(e.method() + " " + e.template());
            }
        }
        assertThat(table.duplicates()).isEmpty();
    }

    @Test
    void onlyTheProbesArePublicAndTheyAreWhatKubernetesCalls() {
        assertThat(table.endpoints().stream().filter(Endpoint::isPublic).map(Endpoint::template))
                .containsExactlyInAnyOrderElementsOf(CoreEndpoints.PROBES);
        assertThat(table.match("GET", "/q/health").orElseThrow().endpoint().scope()).isEqualTo(CoreScope.READ);
        assertThat(table.match("GET", "/q/metrics").orElseThrow().endpoint().scope()).isEqualTo(CoreScope.READ);
        assertThat(table.match("GET", "/q/openapi").orElseThrow().endpoint().scope()).isEqualTo(CoreScope.READ);
    }

    @Test
    void scopesParseByTheirConfigurationNamesOnly() {
        assertThat(CoreScope.parse("onboard")).contains(CoreScope.ONBOARD);
        assertThat(CoreScope.parse("ONBOARD")).isEmpty();
        assertThat(CoreScope.parse("admin")).isEmpty();
        assertThat(CoreScope.names()).isEqualTo("read, onboard or downlink");
    }

    /** "METHOD /template" of every resource method of every class in the resource package. */
    static List<String> jaxRsEndpoints() throws IOException, URISyntaxException, ClassNotFoundException {
        String pkg = SitesResource.class.getPackageName();
        var dir = Paths.get(SitesResource.class.getResource(SitesResource.class.getSimpleName() + ".class").toURI()).getParent();
        List<String> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            for (java.nio.file.Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".class") || n.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(pkg + "." + n.substring(0, n.length() - 6));
                Path base = c.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method m : c.getDeclaredMethods()) {
                    for (var a : m.getAnnotations()) {
                        HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
                        if (hm != null) {
                            Path sub = m.getAnnotation(Path.class);
                            out.add(hm.value() + " " + join(base.value(), sub == null ? "" : sub.value()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static String join(String a, String b) {
        String s = ("/" + a + "/" + b).replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
