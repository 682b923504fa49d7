package dev.edgesync.edge.state;

import dev.edgesync.edge.config.EdgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Opens the {@link StateStore} at {@code edge.data-dir}/state at startup and closes it at shutdown,
 * after its users and before the broker.
 */
@ApplicationScoped
public class EdgeStateStore {

    private static final Logger LOG = Logger.getLogger(EdgeStateStore.class);
    private final EdgeConfig config;
    private StateStore store;
    private StateDamage.Recovery recovery;
    private final GapLedger gaps = new GapLedger(this::store);

    public EdgeStateStore(EdgeConfig config) {
        this.config = config;
    }

    /** Opens the store: before the reference files, the downlink and the ingest index rebuild use it. */
    public void start() {
        store();
    }

    /** After every user of the store, before the broker. */
    public void stop() {
        close();
    }

    /** The open store, opened on first use. */
    public synchronized StateStore store() {
        if (store == null) {
            Path dir = config.dataDir().resolve("state");
            long t0 = System.nanoTime();
            try {
                store = openVerified(dir);
            } catch (StateException e) {
                if (!StateDamage.isDamage(e)) {
                    throw e;
                }
                Path aside = StateDamage.moveAside(dir, java.time.Instant.now());
                recovery = new StateDamage.Recovery(aside, e.getMessage(), java.time.Instant.now());
                LOG.errorf("The state store at %s is damaged (%s): moved aside to %s (kept, not deleted); starting on an"
                        + " empty store: the idempotency index is rebuilt from the raw log, the sync cursors from the"
                        + " centre, the downlink re-applies its control topics", dir, e.getMessage(), aside);
                store = openVerified(dir);
            }
            LOG.infof("State store open at %s with column families %s in %d ms", store.directory(),
                    store.familyNames(), (System.nanoTime() - t0) / 1_000_000);
        }
        return store;
    }

    private StateStore openVerified(Path dir) {
        StateStore s = StateStore.open(dir, StateFamilies.all(config.ingest().dedupWindow()));
        try {
            s.verifyChecksums();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Set when this start found the store damaged and moved it aside; empty otherwise. */
    public synchronized java.util.Optional<StateDamage.Recovery> recovery() {
        return java.util.Optional.ofNullable(recovery);
    }

    /** Offsets this box will never ship, and why: kept in the store's {@link StateFamilies#GAPS} family. */
    public GapLedger gaps() {
        return gaps;
    }

    /** The store if it is open now, without opening it (health checks must not reopen a closed store). */
    public synchronized java.util.Optional<StateStore> ifOpen() {
        return java.util.Optional.ofNullable(store);
    }

    public synchronized void close() {
        if (store != null) {
            store.close();
            LOG.infof("State store at %s closed", store.directory());
            store = null;
        }
    }
}
