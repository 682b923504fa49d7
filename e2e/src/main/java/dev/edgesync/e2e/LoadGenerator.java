package dev.edgesync.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts sample events to an edge node as a store system would: CloudEvents batches over HTTP, each
 * retried until the edge answers 202 (safe, because ingest is idempotent on source and id). Only
 * events answered 202 enter the {@link Ledger}.
 */
public final class LoadGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI edge;
    private final SampleEvents sample;
    private final Ledger ledger = new Ledger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong refusedFull = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();

    public LoadGenerator(URI edge, SampleEvents sample) {
        this.edge = edge;
        this.sample = sample;
    }

    public Ledger ledger() {
        return ledger;
    }

    public long retries() {
        return retries.get();
    }

    /** Answers 507 (the edge's disk quota is full for that stream) received so far; each was retried. */
    public long refusedFull() {
        return refusedFull.get();
    }

    /** Asks a running {@link #postAtRate} to finish its current batch and return. */
    public void stop() {
        stopped.set(true);
    }

    /** Posts {@code count} events in batches of {@code batchSize} as fast as the edge accepts them. */
    public void post(int count, int batchSize) {
        int sent = 0;
        while (sent < count && !stopped.get()) {
            int n = Math.min(batchSize, count - sent);
            postBatch(n);
            sent += n;
        }
    }

    /** Posts at about {@code eventsPerSecond} for {@code duration}, or until {@link #stop()}. */
    public void postAtRate(int eventsPerSecond, Duration duration, int batchSize) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long posted = 0;
        while (System.nanoTime() < end && !stopped.get()) {
            postBatch(batchSize);
            posted += batchSize;
            long due = start + posted * 1_000_000_000L / eventsPerSecond;
            long wait = due - System.nanoTime();
            if (wait < -1_000_000_000L) {
                // behind by more than a second (the edge was down): resume the rate, do not burst to catch up
                start = System.nanoTime();
                posted = 0;
            } else if (wait > 0) {
                Waits.pause(Duration.ofNanos(wait));
            }
        }
    }

    private void postBatch(int n) {
        Map<String, List<SampleEvents.Event>> byStream = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            SampleEvents.Event e = sample.next();
            byStream.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(e);
        }
        byStream.forEach(this::postUntilAccepted);
    }

    private void postUntilAccepted(String stream, List<SampleEvents.Event> events) {
        ArrayNode body = JSON.createArrayNode();
        events.forEach(e -> body.add(e.json()));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(edge.resolve("/v1/streams/" + stream + "/events"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/cloudevents-batch+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        while (!stopped.get()) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    events.forEach(ledger::acked);
                    return;
                }
                if (r.statusCode() / 100 == 4 && r.statusCode() != 429 && r.statusCode() != 408) {
                    throw new IllegalStateException("edge refused a valid batch: " + r.statusCode() + " " + r.body());
                }
                if (r.statusCode() == 507) {
                    refusedFull.incrementAndGet();
                }
                LOG.debug("edge answered {}, retrying", r.statusCode());
            } catch (IOException e) {
                LOG.debug("edge unreachable ({}), retrying", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            retries.incrementAndGet();
            Waits.pause(Duration.ofMillis(250));
        }
    }
}
