package dev.edgesync.edge.admission;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.IngestConfig;
import dev.edgesync.edge.problem.Problem;
import dev.edgesync.edge.problem.ProblemException;
import dev.edgesync.edge.problem.ProblemMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;

/**
 * Admission control: before a request's body is read, reserves what it will cost the heap ({@link IngestCost}) in
 * the {@link HeapBudget}, or answers 503 with Retry-After and closes the connection, the body never buffered. The
 * reservation is given back once, when the response ends or the connection closes, or later if the resource that
 * parses and appends the body still works on it ({@link #reservation}). A body not received within
 * {@code edge.ingest.body-timeout} is cut, so a slow sender cannot hold a reservation.
 */
@ApplicationScoped
public class AdmissionRoute {

    /** After the API key gate (-10), before the ingest body limit (-4, -3) and Quarkus' own handlers. */
    static final int ORDER = -8;
    static final String RESERVATION = "edgesync.admission.reservation";
    private static final Logger LOG = Logger.getLogger(AdmissionRoute.class);
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private HeapBudget budget;
    private Counter refused;
    private Counter cut;

    void install(@Observes Router router, EdgeConfig config, MeterRegistry registry) {
        IngestConfig ingest = config.ingest();
        long maxHeap = Runtime.getRuntime().maxMemory();
        // A budget too small is reported, naming its key, by the startup validation (boot.ConfigProblems).
        budget = new HeapBudget(Math.max(1, AdmissionSettings.budget(ingest, maxHeap)));
        Gauge.builder("edge.ingest.inflight.bytes", budget, HeapBudget::inUse)
                .description("Heap bytes reserved by requests being read, parsed and appended").register(registry);
        Gauge.builder("edge.ingest.inflight.budget.bytes", budget, HeapBudget::capacity)
                .description("edge.ingest.max-inflight-bytes in effect").register(registry);
        refused = Counter.builder("edge.ingest.admission.refused")
                .description("Requests answered 503 before their body was read: the budget was full").register(registry);
        cut = Counter.builder("edge.ingest.admission.slow.bodies")
                .description("Requests cut because their body took longer than edge.ingest.body-timeout").register(registry);
        LOG.infof("Ingest admission: %d bytes of heap for requests in flight (edge.ingest.max-inflight-bytes%s; max heap"
                        + " %d MiB), a request reserves %dx its body + %d bytes",
                budget.capacity(), ingest.maxInflightBytes().isPresent() ? "" : " not set: a quarter of the heap",
                maxHeap >> 20, IngestCost.FACTOR, IngestCost.PER_REQUEST);
        long maxBody = ingest.maxBodyBytes();
        long timeoutMs = ingest.bodyTimeout().toMillis();
        int retryAfter = ingest.retryAfterSeconds();
        router.route().order(ORDER).handler(ctx -> admit(ctx, maxBody, timeoutMs, retryAfter));
    }

    /** The budget in effect. */
    public HeapBudget budget() {
        return budget;
    }

    /** The reservation of the request, if it has a body. */
    public static Optional<HeapBudget.Reservation> reservation(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(RESERVATION));
    }

    private void admit(RoutingContext ctx, long maxBody, long timeoutMs, int retryAfter) {
        HttpServerRequest request = ctx.request();
        if (!WITH_BODY.contains(request.method())) {
            ctx.next();
            return;
        }
        long need = IngestCost.of(declaredBody(request, maxBody));
        Optional<HeapBudget.Reservation> granted = budget.tryReserve(need);
        if (granted.isEmpty()) {
            refused.increment();
            Problem p = ProblemException.overloaded(need, budget.inUse(), budget.capacity(), retryAfter).problem();
            discardBodyThenClose(ctx, timeoutMs);
            ctx.response().setStatusCode(p.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", String.valueOf(retryAfter))
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(ProblemMapper.json(p));
            return;
        }
        HeapBudget.Reservation r = granted.get();
        ctx.put(RESERVATION, r);
        // Called when the response ends, fails or its connection closes or is reset.
        ctx.addEndHandler(ignored -> r.exchangeEnded());
        watch(ctx, r, timeoutMs);
        ctx.next();
    }

    /**
     * Lets the bytes of a refused body go by unbuffered, then closes the connection: closing while the client still
     * sends would reset it, and a reset connection loses the 503 the client has not read yet. A body not sent
     * within the body timeout is cut there. An HTTP/2 stream needs none of this: its end does not close anything.
     */
    private static void discardBodyThenClose(RoutingContext ctx, long timeoutMs) {
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2 || request.isEnded()) {
            return;
        }
        long cutTimer = ctx.vertx().setTimer(timeoutMs, id -> request.connection().close());
        request.handler(ignored -> { })
                .endHandler(ignored -> {
                    ctx.vertx().cancelTimer(cutTimer);
                    request.connection().close();
                })
                .resume();
    }

    /**
     * The body size the request will at most send: its Content-Length, up to max-body-bytes (a larger one is refused
     * unread by the body limit); max-body-bytes for a body of unknown length; none for an HTTP/1 request with
     * neither Content-Length nor chunked encoding.
     */
    static long declaredBody(HttpServerRequest request, long maxBody) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.min(maxBody, Math.max(0, Long.parseLong(length.trim())));
            } catch (NumberFormatException e) {
                return maxBody;
            }
        }
        boolean http1 = request.version() == HttpVersion.HTTP_1_0 || request.version() == HttpVersion.HTTP_1_1;
        return http1 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? 0 : maxBody;
    }

    /**
     * Cuts a body still not received after the timeout; and, should the end handlers ever be missed, gives back
     * the reservation of an exchange that is over. Checks again while the request is still being answered.
     */
    private void watch(RoutingContext ctx, HeapBudget.Reservation r, long timeoutMs) {
        ctx.vertx().setTimer(timeoutMs, id -> {
            if (r.exchangeOver()) {
                return;
            }
            if (ctx.response().ended() || ctx.response().closed()) {
                r.exchangeEnded();
                return;
            }
            if (!ctx.request().isEnded()) {
                cut.increment();
                LOG.infof("Cut %s %s from %s: its body took longer than edge.ingest.body-timeout (%d ms)",
                        ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress(), timeoutMs);
                ctx.response().reset();
                r.exchangeEnded();
                return;
            }
            watch(ctx, r, timeoutMs);
        });
    }
}
