package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;
import dev.edgesync.edge.problem.ProblemException;
import dev.edgesync.edge.problem.ProblemMapper;

import dev.edgesync.edge.config.EdgeConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Enforces {@code edge.ingest.max-body-bytes} on ingest requests with an {@code application/problem+json}
 * 413, where Quarkus' own limit ({@code quarkus.http.limits.max-body-size}) would answer 413 with no body:
 * a Content-Length over the limit is refused before the body is read; a chunked body is read into
 * memory up to the limit (RESTEasy then uses that buffer) and refused as soon as it passes it.
 * Requests that arrive as an HTTP/2 cleartext upgrade (as java.net.http sends by default) work too.
 */
@ApplicationScoped
public class BodyLimitRoute {

    /** Before Quarkus' upload limit handler (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2). */
    static final int ORDER = -3;
    private static final String PATH = "/v1/streams/:stream/events";

    void install(@Observes Router router, EdgeConfig config) {
        int max = config.ingest().maxBodyBytes();
        router.route(HttpMethod.POST, PATH).order(ORDER - 1).handler(ctx -> check(ctx, max));
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(max).setDeleteUploadedFilesOnEnd(true);
        router.route(HttpMethod.POST, PATH).order(ORDER)
                .handler(ctx -> {
                    // Only a body of unknown length needs reading here; one with a Content-Length was checked
                    // above, and reading it here would break requests upgraded to HTTP/2 (h2c), whose body
                    // RESTEasy reads itself.
                    if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
                        ctx.next();
                    } else {
                        chunkedBodies.handle(ctx);
                    }
                })
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                        tooLarge(ctx, -1, max);
                    } else {
                        ctx.next();
                    }
                });
    }

    private static void check(RoutingContext ctx, int max) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long size;
        try {
            size = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size <= max) {
            ctx.next();
            return;
        }
        tooLarge(ctx, size, max);
    }

    private static void tooLarge(RoutingContext ctx, long size, int max) {
        Problem p = ProblemException.bodyTooLarge(size, max).problem();
        ctx.response().setStatusCode(p.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // The client is still sending the body we will not read.
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(ProblemMapper.json(p));
    }
}
