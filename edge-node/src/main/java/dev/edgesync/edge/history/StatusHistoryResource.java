package dev.edgesync.edge.history;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code GET /v1/status/history}: the status samples of the last window, oldest first, for the status page. */
@Path("/v1/status/history")
@Tag(name = "status")
public class StatusHistoryResource {

    private final StatusSampler sampler;
    private final HistoryConfig config;

    public StatusHistoryResource(StatusSampler sampler, HistoryConfig config) {
        this.sampler = sampler;
        this.config = config;
    }

    /** The JSON of this endpoint. */
    public record History(long intervalSeconds, long windowSeconds, List<StatusSample> samples) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status samples of the last hour (backlog per stream, link state), oldest first")
    public History history() {
        return new History(config.interval().toSeconds(), config.window().toSeconds(), sampler.samples());
    }
}
