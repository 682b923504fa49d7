package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.LinkState;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Replicates every curated partition to its landing partition at the centre, exactly once, forever:
 * connect, resume from the centre's checkpoints, ship; on any error close every core client, mark the link
 * down, wait {@code retry-backoff} and start over from the checkpoints. One thread; plain Java.
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
    private final CoreClients clients;
    private final UplinkStatus status;
    private final StopSignal stopSignal = new StopSignal();
    private final TakeoverDetector takeovers = new TakeoverDetector();
    private volatile boolean running;
    private volatile boolean halted;
    private volatile UplinkSession current;
    private Thread thread;
    private final Admin localAdmin;

    /** {@code localAdmin}: the local broker's admin client, owned (and closed) by the caller. */
    public Uplink(UplinkSettings settings, Admin localAdmin) {
        this(settings, UplinkShared.defaults(), localAdmin);
    }

    public Uplink(UplinkSettings settings, UplinkShared shared, Admin localAdmin) {
        this.s = settings;
        this.shared = shared;
        this.localAdmin = localAdmin;
        this.clients = new CoreClients(settings);
        this.status = new UplinkStatus(LinkState.DOWN, settings.coreBootstrapServers());
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
        if (thread != null) {
            throw new IllegalStateException("uplink already started");
        }
        running = true;
        thread = new Thread(this::run, "edge-uplink-" + s.site());
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Uplink of site %s to %s started for %d partitions", s.site(), s.coreBootstrapServers(),
                s.partitions().size());
        return this;
    }

    private void run() {
        while (running) {
            UplinkSession session = new UplinkSession(s, shared, clients, status, localAdmin, takeovers);
            current = session;
            status.attempt();
            try {
                session.open();
                if (!running) {
                    break;
                }
                status.up();
                LOG.infof("Link to %s up: resumed %d partitions from the centre's checkpoints",
                        s.coreBootstrapServers(), s.partitions().size());
                session.ship(() -> !running);
            } catch (Throwable e) {
                if (!running) {
                    break;
                }
                if (isFenced(e)) {
                    String msg = "fenced at the centre: another uplink with site id '" + s.site()
                            + "' took over (" + e.getMessage() + "). This uplink stopped and will not retry:"
                            + " give each box its own edge.site.id, then restart this one";
                    status.fenced(msg);
                    LOG.error(msg);
                    running = false;
                    break;
                }
                String msg = rootMessage(e);
                boolean wasUp = status.state() == LinkState.UP;
                status.down(msg);
                if (wasUp) {
                    LOG.warnf("Link to %s down: %s. Retrying every %s from the centre's checkpoints; data waits on disk",
                            s.coreBootstrapServers(), msg, s.retryBackoff());
                } else {
                    LOG.debugf("Link to %s still down: %s", s.coreBootstrapServers(), msg);
                }
            } finally {
                current = null;
                // A stop may have interrupted us; clear it so the clients close cleanly.
                Thread.interrupted();
                session.close(!halted);
            }
            if (running) {
                awaitStop(s.retryBackoff());
            }
        }
        if (status.state() == LinkState.UP) {
            status.down("uplink stopped");
        }
    }

    private void awaitStop(Duration d) {
        if (!stopSignal.await(d)) {
            running = false;
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
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null) {
                return;
            }
            halted = crash;
            running = false;
            stopSignal.fire();
        }
        UplinkSession session = current;
        if (session != null) {
            session.wakeup();
        }
        try {
            if (!crash) {
                t.join(2_000);
            }
            if (t.isAlive()) {
                t.interrupt();
                t.join(s.requestTimeout().toMillis() + 5_000);
            }
            if (t.isAlive()) {
                LOG.warnf("Uplink thread did not stop within %s", s.requestTimeout().plusSeconds(7));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("Uplink of site %s stopped", s.site());
    }

    static boolean isFenced(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ProducerFencedException || c instanceof UplinkSession.FencedException) {
                return true;
            }
        }
        return false;
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
