package dev.edgesync.core.rest;

import dev.edgesync.core.offsets.OffsetSyncIndex;
import dev.edgesync.core.offsets.OffsetSyncs;
import dev.edgesync.protocol.TopicNames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;

/** Edge-to-centre offset translation: {@code GET /v1/offsets/translate}. */
@Path("/v1/offsets")
public class OffsetsResource {

    private final OffsetSyncs syncs;

    public OffsetsResource(OffsetSyncs syncs) {
        this.syncs = syncs;
    }

    @GET
    @Path("/translate")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Translate an edge (curated) offset to the landing offset at the centre",
            description = "Answers the offset in landing.<site>.<stream>, same partition, where a consumer should start"
                    + " to see the record at the given edge offset and everything after it. Built from the site's"
                    + " checkpoints: with S the latest checkpoint whose nextEdgeOffset <= edgeOffset, coreOffset is S's"
                    + " nextCoreOffset. exact=true when edgeOffset equals S's nextEdgeOffset (a checkpoint boundary):"
                    + " then every record at or above edgeOffset is at or above coreOffset and none below it is. Between"
                    + " checkpoints (exact=false) coreOffset is a safe lower bound: starting there may re-read records"
                    + " from below edgeOffset, never skip one at or above it. Edge offsets below the oldest sync point"
                    + " the index holds are answered 404.")
    @APIResponse(responseCode = "200", description = "The translation")
    @APIResponse(responseCode = "400", description = "A parameter is missing or invalid (problem+json)")
    @APIResponse(responseCode = "404", description = "Unknown site, stream or partition, or edgeOffset below the oldest"
            + " known sync point (problem+json)")
    public Response translate(@Parameter(description = "site id") @QueryParam("site") String site,
                              @Parameter(description = "stream name") @QueryParam("stream") String stream,
                              @Parameter(description = "curated/landing partition") @QueryParam("partition") String partition,
                              @Parameter(description = "offset in the edge's curated.<stream>") @QueryParam("edgeOffset") String edgeOffset) {
        if (!TopicNames.isValidId(site)) {
            return badRequest("site", site, "a site id (1-63 of a-z 0-9 -)");
        }
        if (!TopicNames.isValidId(stream)) {
            return badRequest("stream", stream, "a stream name (1-63 of a-z 0-9 -)");
        }
        Long p = nonNegative(partition);
        if (p == null || p > Integer.MAX_VALUE) {
            return badRequest("partition", partition, "a partition number >= 0");
        }
        Long e = nonNegative(edgeOffset);
        if (e == null) {
            return badRequest("edgeOffset", edgeOffset, "an offset >= 0");
        }
        OffsetSyncIndex.Translation t = syncs.index().translate(site, stream, p.intValue(), e);
        if (t instanceof OffsetSyncIndex.NotFound nf) {
            return Problem.response(Response.Status.NOT_FOUND, title(nf.what()), nf.message());
        }
        OffsetSyncIndex.Found f = (OffsetSyncIndex.Found) t;
        return Response.ok(new TranslationView(site, stream, p.intValue(), e, TopicNames.landing(site, stream), f.coreOffset(),
                f.exact(), f.syncPoint().edgeOffset(), f.syncPoint().coreOffset(),
                Instant.ofEpochMilli(f.syncPoint().timestampMs()).toString(), f.oldest().edgeOffset(), f.latest().edgeOffset()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    /** JSON shape of a translation. */
    public record TranslationView(String site, String stream, int partition, long edgeOffset, String landingTopic,
                                  long coreOffset, boolean exact, long checkpointEdgeOffset, long checkpointCoreOffset,
                                  String checkpointTimestamp, long oldestEdgeOffset, long latestEdgeOffset) {
    }

    private static String title(OffsetSyncIndex.Missing what) {
        return switch (what) {
            case SITE -> "Unknown site";
            case STREAM -> "Unknown stream";
            case PARTITION -> "Unknown partition";
            case BELOW_OLDEST -> "Edge offset below the oldest sync point";
        };
    }

    private static Long nonNegative(String s) {
        if (s == null) {
            return null;
        }
        try {
            long v = Long.parseLong(s.trim());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Response badRequest(String param, String value, String expected) {
        return Problem.response(Response.Status.BAD_REQUEST, "Invalid parameter " + param,
                value == null ? "Query parameter '" + param + "' is required: give " + expected
                        : "Query parameter '" + param + "'='" + value + "' is not " + expected);
    }
}
