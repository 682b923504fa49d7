package dev.edgesync.edge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.access.Utf8;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET/PUT /v1/sync/bandwidth}: the uplink's bandwidth cap, changeable at runtime (not persisted: a
 * restart goes back to {@code edge.sync.max-bytes-per-second}, or to the cap the downlink set).
 */
@Path("/v1/sync/bandwidth")
public class BandwidthResource {

    private static final Logger LOG = Logger.getLogger(BandwidthResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long MIN = 1024;

    private final SyncControls controls;

    public BandwidthResource(SyncControls controls) {
        this.controls = controls;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> get() {
        return Map.of("maxBytesPerSecond", controls.limiter().rate());
    }

    /** Body {@code {"maxBytesPerSecond": N}}: N = 0 removes the cap, else N >= 1024. */
    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(byte[] body) {
        if (body != null && !Utf8.isValid(body)) {
            return problem("malformed-request", "Malformed request body", "the body is not valid UTF-8");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? new byte[0] : body);
        } catch (Exception e) {
            return problem("malformed-request", "Malformed request body", "the body is not JSON: " + e.getMessage());
        }
        JsonNode v = n == null ? null : n.get("maxBytesPerSecond");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            return problem("invalid-bandwidth", "Invalid bandwidth",
                    "send {\"maxBytesPerSecond\": N} with N an integer: 0 for no cap, or at least " + MIN);
        }
        long rate = v.asLong();
        if (rate < 0 || (rate > 0 && rate < MIN)) {
            return problem("invalid-bandwidth", "Invalid bandwidth", "maxBytesPerSecond=" + rate
                    + " must be 0 (no cap) or at least " + MIN + ": a transaction commit alone takes a few hundred bytes");
        }
        long old = controls.limiter().rate();
        controls.limiter().setRate(rate);
        LOG.infof("Uplink bandwidth cap changed from %d to %d bytes/s (0 = none) through the API; a restart returns to"
                + " edge.sync.max-bytes-per-second", old, rate);
        return Response.ok(Map.of("maxBytesPerSecond", rate)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response problem(String slug, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "urn:edgesync:problem:" + slug);
        p.put("title", title);
        p.put("status", 400);
        p.put("detail", detail);
        return Response.status(400).type("application/problem+json").entity(p).build();
    }
}
