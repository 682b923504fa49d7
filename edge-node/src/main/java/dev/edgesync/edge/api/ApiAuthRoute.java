package dev.edgesync.edge.api;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.ingest.Problem;
import dev.edgesync.edge.ingest.ProblemMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Checks every {@code /v1} request's API key before anything else runs (body limits, parsing, appending), so a
 * caller without a valid key costs the box almost nothing: 401 or 403 with {@code application/problem+json}.
 */
@ApplicationScoped
public class ApiAuthRoute {

    private static final Logger LOG = Logger.getLogger(ApiAuthRoute.class);
    /** Before the ingest body limit (-4, -3) and Quarkus' own handlers. */
    static final int ORDER = -10;
    private static final String BEARER = "bearer ";

    void install(@Observes Router router, EdgeConfig config) {
        ApiAccess access = ApiSettings.access(config.api());
        if (!access.enabled()) {
            LOG.warn("The local REST API is open (edge.api.auth=none): anyone who reaches the HTTP port can post events"
                    + " and change settings. Use edge.api.auth=api-key on an untrusted LAN (docs/security.md)");
            return;
        }
        router.route().order(ORDER).handler(ctx -> check(ctx, access));
    }

    private static void check(RoutingContext ctx, ApiAccess access) {
        ApiAccess.Decision d = access.decide(ctx.request().method().name(), ctx.normalizedPath(), credential(ctx));
        if (d.allowed()) {
            ctx.next();
            return;
        }
        LOG.debugf("Refused %s %s from %s: %s", ctx.request().method(), ctx.normalizedPath(),
                ctx.request().remoteAddress(), d.reason());
        Problem p = new Problem("urn:edgesync:problem:" + (d.status() == 401 ? "unauthenticated" : "forbidden"),
                d.status() == 401 ? "Unauthenticated" : "Forbidden", d.status(), d.reason(), null);
        var response = ctx.response().setStatusCode(d.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (d.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"edge-node\"");
        }
        // A refused request's body is not read: close so a large one is not left in the connection.
        response.putHeader(HttpHeaders.CONNECTION, "close").end(ProblemMapper.json(p));
    }

    private static Optional<String> credential(RoutingContext ctx) {
        String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(auth.substring(BEARER.length()));
        }
        return Optional.ofNullable(ctx.request().getHeader("X-Api-Key"));
    }
}
