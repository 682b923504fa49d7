package dev.edgesync.core.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.core.access.AdminAudit;
import dev.edgesync.core.heartbeat.HeartbeatRegistry;
import dev.edgesync.core.onboarding.InvalidOnboardingException;
import dev.edgesync.core.onboarding.OnboardingRequest;
import dev.edgesync.core.onboarding.SiteOnboarding;
import dev.edgesync.core.sites.PartitionProgress;
import dev.edgesync.core.sites.SiteDeclaration;
import dev.edgesync.core.sites.SiteRecord;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.protocol.Heartbeat;
import dev.edgesync.protocol.TopicNames;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Site registry over HTTP: onboarding ({@code POST /v1/sites}), {@code GET /v1/sites} and {@code GET /v1/sites/{id}}. */
@Path("/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
public class SitesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SiteRegistry registry;
    private final HeartbeatRegistry heartbeats;
    private final SiteOnboarding onboarding;

    public SitesResource(SiteRegistry registry, HeartbeatRegistry heartbeats, SiteOnboarding onboarding) {
        this.registry = registry;
        this.heartbeats = heartbeats;
        this.onboarding = onboarding;
    }

    /**
     * Onboards a site: creates its landing, checkpoint and heartbeat topics, records it, and answers the edge
     * configuration to install (201 if topics were created, 200 if everything already existed).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response onboard(String body, @Context RoutingContext ctx) {
        OnboardingRequest req;
        try {
            req = JSON.readValue(body == null || body.isBlank() ? "null" : body, OnboardingRequest.class);
        } catch (JsonProcessingException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "Malformed onboarding request",
                    "the body must be a JSON object {\"id\", \"region\", \"cloud\", \"streams\": {name: partitions}}: "
                            + e.getOriginalMessage());
        }
        if (req != null && TopicNames.isValidId(req.id())) {
            AdminAudit.note(ctx, "site", req.id());
        }
        if (req != null && req.streams() != null) {
            AdminAudit.note(ctx, "streams", String.join(",", new TreeSet<>(req.streams().keySet())));
        }
        SiteOnboarding.Onboarded done;
        try {
            done = onboarding.onboard(req);
        } catch (InvalidOnboardingException e) {
            return e.isConflict()
                    ? Problem.response(Response.Status.CONFLICT, "Site conflicts with the centre", e.getMessage())
                    : Problem.response(Response.Status.BAD_REQUEST, "Invalid onboarding request", e.getMessage());
        }
        String id = done.site().site();
        OnboardedView view = new OnboardedView(view(id), done.createdTopics(), done.existingTopics(), done.edgeConfig(),
                done.user(), done.edgeSecrets());
        Response.ResponseBuilder r = done.createdTopics().isEmpty() ? Response.ok(view)
                : Response.created(URI.create("/v1/sites/" + id)).entity(view);
        return noStoreIfSecret(r, done.edgeSecrets()).type(MediaType.APPLICATION_JSON).build();
    }

    /**
     * Answer to an onboarding: the site as now known, what was created, and the edge settings to install.
     *
     * @param user        the site's user at the centre, null unless core-ingest manages credentials
     * @param edgeSecrets the secret file to install on the box (its password), only in the answer that issued it
     */
    public record OnboardedView(SiteView site, List<String> createdTopics, List<String> existingTopics,
                                String edgeConfig, String user, String edgeSecrets) {
    }

    /**
     * Sets a new password for an onboarded site's user and answers it once, as the secret file to install on the box;
     * the old password stops working at once. 404 for a site never onboarded, 409 when credentials are not managed here.
     */
    @POST
    @Path("/{id}/credentials")
    public Response rotateCredentials(@PathParam("id") String id) {
        try {
            return onboarding.rotate(id)
                    .map(r -> noStoreIfSecret(Response.ok(r), r.edgeSecrets()).type(MediaType.APPLICATION_JSON).build())
                    .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "Unknown site",
                            "Site '" + id + "' was never onboarded: POST /v1/sites first"));
        } catch (InvalidOnboardingException e) {
            return Problem.response(Response.Status.CONFLICT, "Credentials not managed by core-ingest", e.getMessage());
        }
    }

    /** A password must not linger in caches or proxies between core-ingest and whoever asked. */
    private static Response.ResponseBuilder noStoreIfSecret(Response.ResponseBuilder r, String secret) {
        return secret == null ? r : r.header("Cache-Control", "no-store");
    }

    /** Every site onboarded, with relayed data, or with a heartbeat. */
    @GET
    public List<SiteView> list() {
        Set<String> ids = new TreeSet<>(heartbeats.all().keySet());
        registry.list().forEach(s -> ids.add(s.id()));
        return ids.stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        if (registry.get(id).isEmpty() && heartbeats.get(id).isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "Unknown site",
                    "No record or heartbeat of site '" + id + "' has reached the centre yet; check the id, or the site's uplink");
        }
        return Response.ok(view(id)).build();
    }

    private SiteView view(String id) {
        return SiteView.of(registry.get(id).orElse(SiteRecord.empty(id)), registry.partitions(id),
                registry.declaration(id).orElse(null), heartbeats.get(id).orElse(null), heartbeats.gaps(id));
    }

    /**
     * JSON shape of one site: what was relayed, and (from its latest heartbeat) what it still holds.
     *
     * @param onboardedAt when {@code POST /v1/sites} declared the site; null if it never was
     * @param heartbeat   the site's latest heartbeat; null if none arrived yet
     * @param gaps        offsets the site will never send (expired, dropped, corrupt) as its heartbeats reported them
     */
    public record SiteView(String id, String region, String cloud, String onboardedAt, String lastSeen,
                           Map<String, StreamView> streams, long landed, long deadLettered, HeartbeatView heartbeat,
                           List<GapView> gaps) {
        static SiteView of(SiteRecord s, List<PartitionProgress> parts, SiteDeclaration declared,
                           HeartbeatRegistry.Received hb, List<dev.edgesync.protocol.GapRange> gaps) {
            Map<String, StreamView> streams = new TreeMap<>();
            if (declared != null) {
                declared.streams().keySet().forEach(name -> streams.put(name, StreamView.of(s, name, parts, null)));
            }
            s.landed().keySet().forEach(name -> streams.put(name, StreamView.of(s, name, parts, null)));
            if (hb != null) {
                hb.heartbeat().streams().forEach((name, f) -> streams.put(name, StreamView.of(s, name, parts, f)));
            }
            return new SiteView(s.id(), s.region(), s.cloud(),
                    declared == null || declared.onboardedAt() == null ? null : declared.onboardedAt().toString(),
                    s.lastSeen() == null ? null : s.lastSeen().toString(),
                    streams, s.landedTotal(), s.deadLettered(), hb == null ? null : HeartbeatView.of(hb),
                    gaps.stream().map(GapView::of).toList());
        }
    }

    /**
     * Edge (curated) offsets [{@code fromOffset}, {@code toOffset}) of a stream partition that will never arrive:
     * {@code toOffset} is exclusive; {@code count} is events (offsets of the range for corrupt).
     */
    public record GapView(String stream, int partition, long fromOffset, long toOffset, String cause, long count) {
        static GapView of(dev.edgesync.protocol.GapRange g) {
            return new GapView(g.stream(), g.partition(), g.fromOffset(), g.toOffset(), g.cause(), g.count());
        }
    }

    /**
     * Per-stream figures of one site.
     *
     * @param backlogEvents events the site holds that have not reached the centre, as of its latest heartbeat
     *                      (null without heartbeat); likewise {@code droppedEvents}, {@code expiredEvents}
     * @param partitions    the relay's watermarks per landing partition
     */
    public record StreamView(long landed, Long backlogEvents, Long droppedEvents, Long expiredEvents,
                             List<PartitionView> partitions) {
        static StreamView of(SiteRecord s, String stream, List<PartitionProgress> parts, Heartbeat.StreamFigures f) {
            List<PartitionView> mine = new ArrayList<>();
            parts.stream().filter(p -> p.stream().equals(stream)).forEach(p -> mine.add(PartitionView.of(p)));
            return new StreamView(s.landed().getOrDefault(stream, 0L), f == null ? null : f.backlogEvents(),
                    f == null ? null : f.droppedEvents(), f == null ? null : f.expiredEvents(), mine);
        }
    }

    /**
     * The relay's progress on one landing partition.
     *
     * @param nextLandingOffset the landing offset up to which records were relayed (exclusive): the watermark
     * @param lastEdgeOffset    edge offset of the last relayed record; -1 if none
     */
    public record PartitionView(int partition, long landed, long deadLettered, long nextLandingOffset,
                                long lastEdgeOffset, String lastSeen) {
        static PartitionView of(PartitionProgress p) {
            return new PartitionView(p.partition(), p.landed(), p.deadLettered(), p.nextLandingOffset(),
                    p.lastEdgeOffset(), p.lastSeen() == null ? null : p.lastSeen().toString());
        }
    }

    /**
     * The site's latest heartbeat as sent by its edge; -1 means unknown to the edge.
     *
     * @param clockSkewMs the edge's clock minus the centre's as the edge measured it; null when not measured (or an
     *                    older edge)
     */
    public record HeartbeatView(String at, String receivedAt, String linkState, long bufferUsedBytes,
                                long bufferMaxBytes, long maxBytesPerSecond, long drainEtaSeconds,
                                Map<String, HeartbeatStream> streams, Long clockSkewMs) {
        static HeartbeatView of(HeartbeatRegistry.Received r) {
            Heartbeat h = r.heartbeat();
            Map<String, HeartbeatStream> streams = new TreeMap<>();
            h.streams().forEach((name, f) -> streams.put(name, new HeartbeatStream(f.priority(), f.backlogEvents(),
                    f.backlogBytes(), f.oldestUnsentAgeMs(), f.sentEvents(), f.expiredEvents(), f.droppedEvents())));
            return new HeartbeatView(Instant.ofEpochMilli(h.timestampMs()).toString(), r.receivedAt().toString(),
                    h.linkState(), h.bufferUsedBytes(), h.bufferMaxBytes(), h.maxBytesPerSecond(), h.drainEtaSeconds(),
                    streams, h.clockSkewMs() == Heartbeat.UNKNOWN_SKEW ? null : h.clockSkewMs());
        }
    }

    /** One stream in a heartbeat; counters are totals since the edge process started. */
    public record HeartbeatStream(String priority, long backlogEvents, long backlogBytes, long oldestUnsentAgeMs,
                                  long sentEvents, long expiredEvents, long droppedEvents) {
    }
}
