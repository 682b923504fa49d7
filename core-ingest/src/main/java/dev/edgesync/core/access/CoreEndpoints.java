package dev.edgesync.core.access;

import dev.edgesync.access.Endpoint;
import dev.edgesync.access.EndpointTable;

import java.util.List;

/**
 * Every endpoint core-ingest serves and the scope it needs. A path not listed here is refused to every key (404), so
 * an endpoint added without an entry cannot be reached; CoreEndpointsTest fails when a JAX-RS method has no entry.
 */
public final class CoreEndpoints {

    static final String JSON = "application/json";

    /** Kubernetes' probes call these without a key; they say only up or down. */
    public static final List<String> PROBES = List.of("/q/health/live", "/q/health/ready", "/q/health/started");

    private CoreEndpoints() {
    }

    public static EndpointTable<CoreScope> table() {
        return new EndpointTable<>(List.of(
                Endpoint.of("GET", "/v1/sites", CoreScope.READ),
                Endpoint.of("GET", "/v1/sites/{id}", CoreScope.READ),
                // Bodies only as JSON: a web page can post text/plain or a form across origins without a preflight (CSRF).
                Endpoint.of("POST", "/v1/sites", CoreScope.ONBOARD).accepting(JSON),
                Endpoint.of("POST", "/v1/sites/{id}/credentials", CoreScope.ONBOARD).accepting(JSON),
                Endpoint.of("POST", "/v1/downlink/{kind}", CoreScope.DOWNLINK).accepting(JSON),
                Endpoint.of("GET", "/v1/offsets/translate", CoreScope.READ),
                Endpoint.open("GET", PROBES.get(0)),
                Endpoint.open("GET", PROBES.get(1)),
                Endpoint.open("GET", PROBES.get(2)),
                // The full health report names the centre's address and what failed: for operators only.
                Endpoint.of("GET", "/q/health", CoreScope.READ),
                Endpoint.of("GET", "/q/metrics", CoreScope.READ),
                Endpoint.of("GET", "/q/openapi", CoreScope.READ)));
    }
}
