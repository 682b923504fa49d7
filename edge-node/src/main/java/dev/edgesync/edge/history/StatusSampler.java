package dev.edgesync.edge.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.edge.status.StatusService;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples {@link StatusService} every {@code edge.history.interval} into a {@link StatusHistory}, so the status
 * page can chart the last hour as soon as it is opened. Kept on the server rather than in the browser: the
 * person at the box usually opens the page after something went wrong, and wants the hour before that.
 */
@ApplicationScoped
public class StatusSampler {

    private static final Logger LOG = Logger.getLogger(StatusSampler.class);

    private final StatusService status;
    private final HistoryConfig config;
    private final ObjectMapper json;
    private final StatusHistory history;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;
    private volatile boolean failing;

    public StatusSampler(StatusService status, HistoryConfig config, ObjectMapper json) {
        this.status = status;
        this.config = config;
        this.json = json;
        this.history = StatusHistory.covering(config.window(), config.interval());
    }

    /** After the broker, the uplink and ingest have started. */
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-status-history");
            t.setDaemon(true);
            return t;
        });
        long every = config.interval().toMillis();
        timer.scheduleWithFixedDelay(this::sample, 0, every, TimeUnit.MILLISECONDS);
    }

    /** First of the shutdown: no sample of a half-stopped box. */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** Samples of the last {@code edge.history.window}, oldest first. */
    public List<StatusSample> samples() {
        return history.since(clock.instant().minus(config.window()));
    }

    void sample() {
        try {
            Instant now = clock.instant();
            history.add(StatusSamples.of(json.valueToTree(status.status()), now));
            if (failing) {
                LOG.info("Status history sampling works again");
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                LOG.warnf("Status history: no sample (the local broker did not answer: %s); the chart has a gap until it does",
                        e.toString());
                failing = true;
            }
        }
    }
}
