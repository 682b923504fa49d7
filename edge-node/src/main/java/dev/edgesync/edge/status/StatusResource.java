package dev.edgesync.edge.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.Map;

/** {@code GET /v1/status}: who this box is, the state of the link, and what is still to be sent per stream. */
@Path("/v1/status")
public class StatusResource {

    private static final Logger LOG = Logger.getLogger(StatusResource.class);

    private final StatusService service;

    public StatusResource(StatusService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        try {
            return Response.ok(service.status()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(e);
        } catch (Exception e) {
            LOG.warnf("Status unavailable, the local broker did not answer: %s", e.toString());
            return unavailable(e);
        }
    }

    private static Response unavailable(Exception e) {
        return Response.status(503).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", "Status unavailable", "status", 503,
                        "detail", "the local broker did not answer: " + e.getMessage()))
                .build();
    }
}
