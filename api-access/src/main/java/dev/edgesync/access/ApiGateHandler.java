package dev.edgesync.access;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Runs an {@link ApiGate} as the first route of an application's router, before body limits, body reading and
 * the framework's own handlers. An allowed request goes on with its decision in the routing context
 * ({@link #DECISION}); a refused one is answered with {@code application/problem+json} and its body is never read.
 */
public final class ApiGateHandler implements Handler<RoutingContext> {

    /** Routing-context key of the {@link AccessDecision} of an allowed request. */
    public static final String DECISION = "edgesync.access.decision";
    /** Routing-context key of the {@link AccessDecision} of a refused request, for an audit that runs at its end. */
    public static final String REFUSED = "edgesync.access.refused";
    /** Before every handler that reads a body (Quarkus' upload limit is -2). */
    public static final int ORDER = -10;
    private static final Logger LOG = Logger.getLogger(ApiGateHandler.class);
    private static final String BEARER = "bearer ";

    private final ApiGate<?, ?> gate;
    private final String realm;

    public ApiGateHandler(ApiGate<?, ?> gate, String realm) {
        this.gate = gate;
        this.realm = realm;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var request = ctx.request();
        AccessDecision<?, ?> d = gate.decide(request.method().name(), request.path(), credential(ctx),
                Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)));
        if (d.allowed()) {
            ctx.put(DECISION, d);
            ctx.next();
            return;
        }
        ctx.put(REFUSED, d);
        LOG.debugf("Refused %s %s from %s: %d %s", request.method(), request.path(), request.remoteAddress(),
                d.status(), d.reason());
        var response = ctx.response().setStatusCode(d.status()).putHeader(HttpHeaders.CONTENT_TYPE, ProblemJson.MEDIA_TYPE);
        if (d.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
        }
        // The body of a refused request is never read: close, so a large one is not left in the connection.
        response.putHeader(HttpHeaders.CONNECTION, "close")
                .end(ProblemJson.of(d.problemType(), d.title(), d.status(), d.reason()));
    }

    /** The decision of an allowed request, for the endpoint's own checks (e.g. which sources a key may use). */
    @SuppressWarnings("unchecked")
    public static <K, S> Optional<AccessDecision<K, S>> decision(RoutingContext ctx) {
        return Optional.ofNullable((AccessDecision<K, S>) ctx.get(DECISION));
    }

    static Optional<String> credential(RoutingContext ctx) {
        String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(auth.substring(BEARER.length()));
        }
        return Optional.ofNullable(ctx.request().getHeader("X-Api-Key"));
    }
}
