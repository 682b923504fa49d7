package dev.edgesync.core.access;

import dev.edgesync.access.AccessDecision;
import dev.edgesync.access.ApiGateHandler;
import dev.edgesync.access.CanonicalPath;
import dev.edgesync.access.EndpointTable;
import dev.edgesync.access.NamedKey;
import dev.edgesync.core.broker.CentreWriter;
import dev.edgesync.core.broker.CoreTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Records every mutating call of the REST API, allowed or refused, once its status is known: logged, and appended to
 * {@value CoreTopics#AUDIT} at the centre through the {@link CentreWriter}. Appending runs on its own thread, never
 * on the event loop (a first send may wait for the centre's metadata).
 */
@ApplicationScoped
public class AdminAudit {

    /** Routing-context key of the summary an endpoint adds (site, kind, target), see {@link #note}. */
    static final String NOTES = "edgesync.audit.notes";
    private static final Logger LOG = Logger.getLogger(AdminAudit.class);
    private static final Set<String> READS = Set.of("GET", "HEAD");
    /** A raw path is the caller's text: keep the log and the topic readable whatever they send. */
    private static final int MAX_PATH = 200;

    private final CentreWriter writer;
    private final Clock clock = Clock.systemUTC();
    // One thread keeps entries in order; a bounded queue, so a flood cannot grow the heap (dropped entries are logged).
    private final ThreadPoolExecutor appender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(10_000), AdminAudit::appenderThread,
            (r, ex) -> LOG.warn("Audit queue full: an entry was logged but not appended to " + CoreTopics.AUDIT));

    private static Thread appenderThread(Runnable r) {
        Thread t = new Thread(r, "core-audit-append");
        t.setDaemon(true);
        return t;
    }

    public AdminAudit(CentreWriter writer) {
        this.writer = writer;
    }

    /** Adds to the audit entry of the current request, e.g. {@code note(ctx, "site", "store-042")}. */
    public static void note(RoutingContext ctx, String field, String value) {
        if (ctx != null && value != null) {
            Map<String, String> notes = ctx.get(NOTES);
            if (notes == null) {
                notes = new HashMap<>();
                ctx.put(NOTES, notes);
            }
            notes.put(field, value);
        }
    }

    /**
     * Arranges for the request to be recorded when its response ends, if it is a mutating call.
     *
     * @param keysAsked false under {@code core.api.auth=none}: callers are then {@code anonymous}
     */
    void watch(RoutingContext ctx, boolean keysAsked, EndpointTable<?> table) {
        String method = ctx.request().method().name();
        if (READS.contains(method)) {
            return;
        }
        Instant at = clock.instant();
        ctx.addEndHandler(done -> {
            AuditEntry e = entry(ctx, at, method, keysAsked, table);
            // The connection closed before the answer was sent: what the handler did is unknown to the caller.
            record(done.succeeded() ? e : e.unanswered());
        });
    }

    private static AuditEntry entry(RoutingContext ctx, Instant at, String method, boolean keysAsked,
                                    EndpointTable<?> table) {
        Map<String, String> what = new HashMap<>();
        AccessDecision<?, ?> d = ctx.get(ApiGateHandler.DECISION);
        if (d == null) {
            d = ctx.get(ApiGateHandler.REFUSED);
        }
        String who = keysAsked ? AuditEntry.UNAUTHENTICATED : AuditEntry.ANONYMOUS;
        if (d != null) {
            who = d.presentedKey().map(k -> ((NamedKey<?>) k).name()).orElse(who);
        }
        String path = ctx.request().path();
        // The endpoint's parameters (site id, kind) also for a refused call: what was attempted on what.
        if (path != null && CanonicalPath.problem(path).isEmpty()) {
            table.match(method, path).ifPresent(m -> what.putAll(m.params()));
        }
        Map<String, String> notes = ctx.get(NOTES);
        if (notes != null) {
            what.putAll(notes);
        }
        if (path != null && path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH) + "...";
        }
        return new AuditEntry(at, who, method, path, what, ctx.response().getStatusCode(),
                String.valueOf(ctx.request().remoteAddress()));
    }

    void record(AuditEntry e) {
        LOG.infof("Audit: %s", e);
        appender.execute(() -> {
            try {
                writer.send(new ProducerRecord<>(CoreTopics.AUDIT, e.who().getBytes(StandardCharsets.UTF_8), e.toJson()))
                        .get(CentreWriter.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (Exception ex) {
                LOG.warnf("Audit entry not appended to %s (it is in this log): %s", CoreTopics.AUDIT, ex.toString());
            }
        });
    }

    /** Before the writer closes, so queued entries still reach the centre. */
    void onStop(@Observes @Priority(80) ShutdownEvent ev) throws InterruptedException {
        appender.shutdown();
        appender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
