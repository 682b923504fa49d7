package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;
import dev.edgesync.edge.problem.ProblemException;
import dev.edgesync.edge.problem.ProblemMapper;

import dev.edgesync.access.AccessDecision;
import dev.edgesync.access.ApiGateHandler;
import dev.edgesync.edge.api.EdgeKey;
import dev.edgesync.edge.api.Scope;
import dev.edgesync.edge.admission.AdmissionRoute;
import dev.edgesync.edge.admission.HeapBudget;
import dev.edgesync.edge.admission.IngestCost;
import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.config.EdgeConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** REST ingest of CloudEvents (DESIGN §5): {@code POST /v1/streams/{stream}/events} and {@code GET /v1/streams}. */
@Path("/v1/streams")
public class IngestResource {

    private static final String CE_HEADER_PREFIX = "ce-";

    private final IngestService service;
    private final EdgeConfig config;
    private final BufferMonitor buffer;

    private final AdmissionRoute admission;

    public IngestResource(IngestService service, EdgeConfig config, BufferMonitor buffer, AdmissionRoute admission) {
        this.service = service;
        this.config = config;
        this.buffer = buffer;
        this.admission = admission;
    }

    /** Declared streams with their partitions and raw end offsets. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Map<String, List<IngestService.StreamInfo>> streams() {
        return Map.of("streams", service.streams());
    }

    /**
     * Accepts one event (binary or structured mode) or a batch; answers 202 once every new event is
     * durably in {@code raw.<stream>}.
     */
    @POST
    @Path("/{stream}/events")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response post(@PathParam("stream") String stream, @Context HttpHeaders headers, @Context RoutingContext routing,
                         byte[] body) {
        // The body's heap stays reserved while it is parsed and appended, even if the client goes away meanwhile.
        HeapBudget.Reservation reservation = AdmissionRoute.reservation(routing).orElse(null);
        if (reservation != null && !reservation.join()) {
            throw ProblemException.unavailable("the client went away before its request was parsed", config.ingest().retryAfterSeconds());
        }
        try {
            return ingest(stream, headers, routing, body);
        } finally {
            if (reservation != null) {
                reservation.leave();
            }
        }
    }

    private Response ingest(String stream, HttpHeaders headers, RoutingContext routing, byte[] body) {
        EventIngestor ingestor = service.ingestor();
        if (ingestor == null) {
            throw ProblemException.unavailable("ingest is starting or stopping", config.ingest().retryAfterSeconds());
        }
        if (!ingestor.isDeclared(stream)) {
            throw ProblemException.unknownStream(stream, new java.util.TreeSet<>(ingestor.streams().keySet()));
        }
        // Every stream, whatever its policy: a full disk would halt the broker. The requests in flight may still
        // write their bodies twice (raw, then curated); the heap they reserved is FACTOR times their bodies.
        HeapBudget budget = admission.budget();
        long inFlight = budget == null ? 0 : 2 * budget.inUse() / IngestCost.FACTOR;
        if (buffer.disk().refuses(inFlight)) {
            var d = buffer.disk().latest().orElseThrow();
            throw ProblemException.diskFull(d.usableBytes(), buffer.disk().floorBytes(), buffer.retryAfterSeconds());
        }
        if (buffer.rejects(stream)) {
            var s = buffer.snapshot();
            throw ProblemException.bufferFull(stream, s.usedBytes(), s.maxBytes(), buffer.retryAfterSeconds());
        }
        byte[] data = body == null ? new byte[0] : body;
        if (data.length > config.ingest().maxBodyBytes()) {
            throw ProblemException.bodyTooLarge(data.length, config.ingest().maxBodyBytes());
        }
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Map<String, String> ce = ceHeaders(headers);
        CloudEventParser.Mode mode = CloudEventParser.mode(contentType, ce.containsKey("specversion"))
                .orElseThrow(() -> ProblemException.unsupportedMediaType(contentType));
        Instant latestTime = Instant.now().plus(config.ingest().maxTimeAhead());
        List<CloudEvent> events = switch (mode) {
            case BINARY -> List.of(CloudEventParser.parseBinary(ce, contentType, data, latestTime));
            case STRUCTURED -> List.of(CloudEventParser.parseStructured(data, latestTime));
            case BATCH -> CloudEventParser.parseBatch(data, config.ingest().maxBatchEvents(), latestTime);
        };
        ApiGateHandler.<EdgeKey, Scope>decision(routing).flatMap(AccessDecision::presentedKey)
                .ifPresent(key -> SourceCheck.check(key, events));
        IngestResult result = ingestor.ingest(stream, events, config.ingest().appendTimeout());
        buffer.disk().accepted(data.length);
        return Response.accepted(result).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Map<String, String> ceHeaders(HttpHeaders headers) {
        Map<String, String> ce = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CE_HEADER_PREFIX) && values != null && !values.isEmpty()) {
                ce.putIfAbsent(lower.substring(CE_HEADER_PREFIX.length()), values.get(0));
            }
        });
        return ce;
    }

    /** Framework refusals of these endpoints (e.g. body over quarkus.http.limits.max-body-size) as problems too. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Response.Status type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return ProblemMapper.toResponse(new Problem(Problem.TYPE_PREFIX + "http-" + status, title, status,
                e.getMessage() == null ? title : e.getMessage(), null), null);
    }

}
