package dev.edgesync.core.offsets;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.config.CoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Runs the {@link OffsetSyncReader} that keeps this instance's {@link OffsetSyncIndex} current. */
@ApplicationScoped
public class OffsetSyncs {

    /** After {@link CentreKafka} (10). */
    static final int START_PRIORITY = 30;

    private final CoreConfig config;
    private final CentreKafka centre;
    private final OffsetSyncIndex index;
    private final MeterRegistry meters;
    private OffsetSyncReader reader;
    private Thread thread;

    public OffsetSyncs(CoreConfig config, CentreKafka centre, MeterRegistry meters) {
        this.meters = meters;
        this.config = config;
        this.centre = centre;
        this.index = new OffsetSyncIndex(config.offsets().maxSyncPoints());
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) {
        reader = new OffsetSyncReader(centre.clientProperties(), index, config.offsets().discoveryInterval(),
                config.relay().retryBackoff(),
                site -> meters.counter("core.offsets.checkpoints.ignored", "site", site).increment());
        thread = new Thread(reader, "offset-syncs");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes @Priority(100) ShutdownEvent ev) {
        if (reader != null) {
            reader.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The reader, for its counters; null before start. */
    public OffsetSyncReader reader() {
        return reader;
    }

    public OffsetSyncIndex index() {
        return index;
    }
}
