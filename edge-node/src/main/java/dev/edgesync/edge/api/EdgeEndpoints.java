package dev.edgesync.edge.api;

import dev.edgesync.access.Endpoint;
import dev.edgesync.access.EndpointTable;

import java.util.List;

/**
 * Every endpoint the edge serves and the scope each needs; the gate refuses everything else (401 without a key,
 * 404 with one), e.g. the Swagger and health UIs Quarkus adds in dev and test mode. A JAX-RS resource added
 * without its line here is caught by EdgeEndpointsTest.
 */
public final class EdgeEndpoints {

    /** The ingest endpoint, whose stream the gate checks against the key's streams. */
    public static final String POST_EVENTS = "/v1/streams/{stream}/events";

    private EdgeEndpoints() {
    }

    public static EndpointTable<Scope> table() {
        return new EndpointTable<>(List.of(
                // The REST API (JAX-RS resources).
                Endpoint.of("GET", "/v1/streams", Scope.READ),
                // Binary mode takes any data media type; the resource answers 415 for what is no CloudEvent.
                Endpoint.of("POST", POST_EVENTS, Scope.INGEST),
                Endpoint.of("GET", "/v1/status", Scope.READ),
                Endpoint.of("GET", "/v1/status/history", Scope.READ),
                Endpoint.of("GET", "/v1/reference/{table}/{key}", Scope.READ),
                Endpoint.of("GET", "/v1/sync/bandwidth", Scope.READ),
                // JSON only: a form or text/plain body (what a web page can send without asking) is 415.
                Endpoint.<Scope>of("PUT", "/v1/sync/bandwidth", Scope.ADMIN).accepting("application/json"),
                // Quarkus' endpoints: the probes a supervisor polls stay open, the rest tells too much about the box.
                Endpoint.open("GET", "/q/health/live"),
                Endpoint.open("GET", "/q/health/ready"),
                Endpoint.of("GET", "/q/health", Scope.READ),
                Endpoint.of("GET", "/q/health/started", Scope.READ),
                Endpoint.of("GET", "/q/health/well", Scope.READ),
                Endpoint.of("GET", "/q/health/group", Scope.READ),
                Endpoint.of("GET", "/q/health/group/{group}", Scope.READ),
                Endpoint.of("GET", "/q/metrics", Scope.READ),
                Endpoint.of("GET", "/q/openapi", Scope.READ),
                Endpoint.of("GET", "/q/openapi.json", Scope.READ),
                Endpoint.of("GET", "/q/openapi.yaml", Scope.READ),
                Endpoint.of("GET", "/q/openapi.yml", Scope.READ),
                // The status page's shell: it asks for a key itself before it calls the API.
                Endpoint.open("GET", "/"),
                Endpoint.open("GET", "/index.html"),
                Endpoint.open("GET", "/status.css"),
                Endpoint.open("GET", "/status.js")));
    }
}
