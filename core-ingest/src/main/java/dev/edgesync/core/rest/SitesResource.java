package dev.edgesync.core.rest;

import dev.edgesync.core.sites.SiteRecord;
import dev.edgesync.core.sites.SiteRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Site registry over HTTP: {@code GET /v1/sites} and {@code GET /v1/sites/{id}}. */
@Path("/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
public class SitesResource {

    private final SiteRegistry registry;

    public SitesResource(SiteRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<SiteView> list() {
        return registry.list().stream().map(SiteView::of).toList();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return registry.get(id)
                .map(s -> Response.ok(SiteView.of(s)).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "Unknown site",
                        "No record of site '" + id + "' has reached the centre yet; check the id, or the site's uplink"));
    }

    /** JSON shape of one site; per-stream objects leave room for watermarks and backlog. */
    public record SiteView(String id, String region, String cloud, String lastSeen, Map<String, StreamView> streams,
                           long landed, long deadLettered) {
        static SiteView of(SiteRecord s) {
            Map<String, StreamView> streams = new TreeMap<>();
            s.landed().forEach((name, n) -> streams.put(name, new StreamView(n)));
            return new SiteView(s.id(), s.region(), s.cloud(), s.lastSeen() == null ? null : s.lastSeen().toString(),
                    streams, s.landedTotal(), s.deadLettered());
        }
    }

    /** Per-stream counts of one site. */
    public record StreamView(long landed) {
    }
}
