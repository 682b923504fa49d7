package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.runtime.Backoff;
import dev.edgesync.runtime.Failures;
import dev.edgesync.runtime.ReconnectLoop;
import dev.edgesync.runtime.ReconnectLoop.Verdict;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Replicates every curated partition to its landing partition at the centre, exactly once, forever:
 * connect, resume from the centre's checkpoints, ship; on any error close every core client, mark the link
 * down, wait {@code retry-backoff} and start over from the checkpoints. One thread, run by a {@link ReconnectLoop};
 * plain Java.
 *
 * <p>Invariants:
 * <ol>
 *   <li>A curated record is visible at the centre only in a committed transaction that also holds a
 *       checkpoint covering it; a resume never starts below the centre's committed checkpoint, so no record
 *       lands twice and none is skipped while it is still on this box.</li>
 *   <li>At most one session, with its clients, exists at a time; all of them are closed before the backoff.</li>
 *   <li>Being fenced (another uplink with this identity called initTransactions) stops this uplink for good:
 *       retrying would fence the other one back and interleave two logs.</li>
 * </ol>
 */
public final class Uplink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Uplink.class);

    private final UplinkSettings s;
    private final UplinkShared shared;
    private final UplinkClients clients;
    private final UplinkStatus status;
    private final TakeoverDetector takeovers = new TakeoverDetector();
    private final ReconnectLoop loop;
    private volatile boolean halted;
    private volatile UplinkSession current;
    private boolean started;
    private final Admin localAdmin;

    /** {@code localAdmin}: the local broker's admin client, owned (and closed) by the caller. */
    public Uplink(UplinkSettings settings, Admin localAdmin) {
        this(settings, UplinkShared.defaults(), localAdmin);
    }

    public Uplink(UplinkSettings settings, UplinkShared shared, Admin localAdmin) {
        this.s = settings;
        this.shared = shared;
        this.localAdmin = localAdmin;
        this.clients = new UplinkClients(settings);
        this.status = new UplinkStatus(LinkState.DOWN, settings.coreBootstrapServers());
        this.loop = new ReconnectLoop("edge-uplink-" + settings.site(), Backoff.fixed(settings.retryBackoff()),
                e -> isFenced(e) ? Verdict.GIVE_UP : Verdict.BACK_OFF, new Reporter(), l -> session());
    }

    public UplinkStatus status() {
        return status;
    }

    public UplinkSettings settings() {
        return s;
    }

    public UplinkShared shared() {
        return shared;
    }

    public synchronized Uplink start() {
        if (started) {
            throw new IllegalStateException("uplink already started");
        }
        started = true;
        loop.start();
        LOG.infof("Uplink of site %s to %s started for %d partitions", s.site(), s.coreBootstrapServers(),
                s.partitions().size());
        return this;
    }

    /** One session: open (resume from the centre's checkpoints), then ship until stopped or failed. */
    private void session() throws Exception {
        UplinkSession session = new UplinkSession(s, shared, clients, status, localAdmin, takeovers);
        current = session;
        loop.onWakeup(session::wakeup);
        // After the failure is reported (the link shows down at once), before the back-off.
        loop.afterAttempt(() -> {
            current = null;
            // A stop may have interrupted us; clear it so the clients close cleanly.
            Thread.interrupted();
            session.close(!halted);
        });
        status.attempt();
        session.open();
        if (!loop.running()) {
            return;
        }
        loop.connected();
        status.up();
        LOG.infof("Link to %s up: resumed %d partitions from the centre's checkpoints",
                s.coreBootstrapServers(), s.partitions().size());
        session.ship(() -> !loop.running());
    }

    /** Feeds the link's status and log from the loop. */
    private final class Reporter implements ReconnectLoop.Listener {
        @Override
        public void failed(ReconnectLoop.Failure f, Duration retryIn) {
            String msg = rootMessage(f.error());
            boolean wasUp = status.state() == LinkState.UP;
            status.down(msg);
            if (wasUp) {
                LOG.warnf("Link to %s down: %s. Retrying every %s from the centre's checkpoints; data waits on disk",
                        s.coreBootstrapServers(), msg, s.retryBackoff());
            } else {
                LOG.debugf("Link to %s still down: %s", s.coreBootstrapServers(), msg);
            }
        }

        @Override
        public void gaveUp(ReconnectLoop.Failure f) {
            String msg = "fenced at the centre: another uplink with site id '" + s.site()
                    + "' took over (" + f.error().getMessage() + "). This uplink stopped and will not retry:"
                    + " give each box its own edge.site.id, then restart this one";
            status.fenced(msg);
            LOG.error(msg);
        }

        @Override
        public void ended() {
            if (status.state() == LinkState.UP) {
                status.down("uplink stopped");
            }
        }
    }

    /** Stops shipping, aborting an open transaction if the centre can be reached, and closes every client. */
    @Override
    public void close() {
        stop(false);
    }

    /** Test aid: stops like a crash would, leaving any open transaction for the centre to abort. */
    void halt() {
        stop(true);
    }

    private void stop(boolean crash) {
        synchronized (this) {
            if (!started) {
                return;
            }
            halted = crash;
        }
        // Wakes the session (and a back-off) at once.
        loop.stop();
        try {
            boolean ended = !crash && loop.join(Duration.ofSeconds(2));
            if (!ended) {
                loop.interrupt();
                ended = loop.join(s.requestTimeout().plusSeconds(5));
            }
            if (!ended) {
                LOG.warnf("Uplink thread did not stop within %s", s.requestTimeout().plusSeconds(7));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("Uplink of site %s stopped", s.site());
    }

    static boolean isFenced(Throwable e) {
        return Failures.causedBy(e, ProducerFencedException.class, UplinkSession.FencedException.class);
    }

    static String rootMessage(Throwable e) {
        if (e instanceof WakeupException) {
            return "stopped";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return e == root || e.getMessage() == null ? m : e.getMessage() + " (" + m + ")";
    }
}
