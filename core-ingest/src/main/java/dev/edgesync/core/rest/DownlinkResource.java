package dev.edgesync.core.rest;

import dev.edgesync.core.access.AdminAudit;
import dev.edgesync.core.downlink.DownlinkPublisher;
import dev.edgesync.core.downlink.DownlinkRequest;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.RuntimeSettings;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** {@code POST /v1/downlink/{kind}}: sends a reference-table change or a runtime setting to the edges it addresses. */
@Path("/v1/downlink")
public class DownlinkResource {

    private static final Logger LOG = Logger.getLogger(DownlinkResource.class);

    private final DownlinkPublisher publisher;

    public DownlinkResource(DownlinkPublisher publisher) {
        this.publisher = publisher;
    }

    @POST
    @Path("/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Send a message to edges",
            description = "kind reference: payload {table, op: upsert|delete|replace, rows: {key: row object} | keys: [key]};"
                    + " kind config: payload {set: {key: value}} with runtime-safe keys only (edge.sync.max-bytes-per-second)."
                    + " A replace with no rows needs \"allowEmpty\": true. target: \"*\" or any of {site, region, cloud}."
                    + " Published to the target's control topic (control.<kind>, control.site.<site>.<kind>,"
                    + " control.region.<region>[.cloud.<cloud>].<kind>, control.cloud.<cloud>.<kind>; one partition, no"
                    + " retention) that only the addressed sites may read; every edge applies what is addressed to it"
                    + " exactly once, in order per topic, when connected.")
    @APIResponse(responseCode = "202", description = "Published: {id, kind, target, topic, partition, offset}")
    @APIResponse(responseCode = "400", description = "Bad body, target or payload (problem+json naming each field)")
    @APIResponse(responseCode = "404", description = "Unknown kind (problem+json)")
    @APIResponse(responseCode = "503", description = "The centre did not acknowledge the message in time (problem+json)")
    public Response publish(@PathParam("kind") String kind, byte[] body, @Context RoutingContext ctx) {
        DownlinkKind k = DownlinkKind.parse(kind).orElse(null);
        if (k == null) {
            return Problem.response(Response.Status.NOT_FOUND, "Unknown downlink kind",
                    "kind '" + kind + "' is not one of " + DownlinkKind.names());
        }
        DownlinkRequest request;
        try {
            request = DownlinkRequest.parse(k, body);
        } catch (DownlinkRequest.Invalid e) {
            return Problem.response(Response.Status.BAD_REQUEST, "Invalid downlink message", String.join("; ", e.problems())
                    + (k == DownlinkKind.CONFIG ? " (runtime-safe keys: " + RuntimeSettings.keys() + ")" : ""));
        }
        AdminAudit.note(ctx, "target", request.target().toString());
        try {
            DownlinkPublisher.Published p = publisher.publish(request);
            AdminAudit.note(ctx, "message", p.message().id());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", p.message().id());
            out.put("kind", k.wireName());
            out.put("target", Map.of("site", p.message().to().site(), "region", p.message().to().region(),
                    "cloud", p.message().to().cloud()));
            out.put("topic", p.topic());
            out.put("partition", p.partition());
            out.put("offset", p.offset());
            return Response.accepted(out).type(MediaType.APPLICATION_JSON).build();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                return Problem.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, "Downlink message too large",
                        e.getCause().getMessage() + ": split it into several upserts");
            }
            return unavailable(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            return unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(e);
        }
    }

    private static Response unavailable(Throwable e) {
        LOG.warnf("Downlink message not published: %s", e.toString());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "Centre unavailable",
                "the message was not acknowledged by the centre (" + e + "); it may or may not have been published:"
                        + " retrying is safe, every operation sets state");
    }
}
