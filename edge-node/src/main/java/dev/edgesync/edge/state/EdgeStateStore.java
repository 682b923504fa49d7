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
            store = StateStore.open(dir, StateFamilies.all(config.ingest().dedupWindow()));
            LOG.infof("State store open at %s with column families %s in %d ms", store.directory(),
                    store.familyNames(), (System.nanoTime() - t0) / 1_000_000);
        }
        return store;
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
