package dev.edgesync.edge.boot;

import dev.edgesync.edge.boot.Steps.Step;
import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.downlink.DownlinkMetrics;
import dev.edgesync.edge.downlink.DownlinkService;
import dev.edgesync.edge.health.LocalBrokerHealth;
import dev.edgesync.edge.history.StatusSampler;
import dev.edgesync.edge.ingest.IngestService;
import dev.edgesync.edge.pipeline.PipelineEngineProvider;
import dev.edgesync.edge.pipeline.PipelineLifecycle;
import dev.edgesync.edge.reference.ReferenceService;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.status.PressureMetrics;
import dev.edgesync.edge.sync.UplinkService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The start and stop order of the edge, in one place: checks the whole configuration first (every problem at
 * once, before anything starts), then starts each part after what it needs, and stops them, users before what
 * they use, the state store and the broker (with its admin client) last.
 */
@ApplicationScoped
public class BootOrder {

    private static final Logger LOG = Logger.getLogger(BootOrder.class);
    /** Before SmallRye Reactive Messaging starts its channels (LIBRARY_BEFORE = 1000): the pipeline stage consumes from the local broker. */
    static final int START_PRIORITY = 10;
    /** The one ShutdownEvent observer of the edge's own parts. */
    static final int STOP_PRIORITY = 45;

    private final EdgeConfig config;
    private final List<Step> startOrder;
    private final List<Step> stopOrder;

    public BootOrder(EdgeConfig config, EdgeBroker broker, EdgeStateStore state, ReferenceService reference,
                     DownlinkService downlink, IngestService ingest, UplinkService uplink, DownlinkMetrics downlinkMetrics,
                     PressureMetrics pressureMetrics, PipelineLifecycle pipeline, PipelineEngineProvider engines,
                     StatusSampler sampler, @Readiness LocalBrokerHealth brokerHealth, BufferMonitor monitor) {
        this.config = config;
        // The numbers are the @Priority each bean observed StartupEvent / ShutdownEvent with before issue #15;
        // steps that shared a number had no order between them.
        this.startOrder = List.of(
                new Step("disk reserve released", monitor::releaseReserve),                  // before the broker's log
                new Step("local broker and stream topics", broker::start),                   // 10
                new Step("pipeline changelog topics", pipeline::createChangelogTopics),      // 10 (was in the broker's)
                new Step("state store", state::start),                                       // 15
                new Step("reference files", reference::start),                               // 17
                new Step("downlink", downlink::start),                                       // 18
                new Step("ingest", ingest::start),                                           // 20
                new Step("uplink", uplink::start),                                           // 20
                new Step("buffer monitor", monitor::start),                                  // 30
                new Step("downlink metrics", downlinkMetrics::start),                        // 40
                new Step("pressure metrics", pressureMetrics::start),                        // 40
                // SmallRye Reactive Messaging starts its channels (the pipeline stage)      // 1000 (its own)
                new Step("raw space reclaimer", pipeline::start),                            // 2000
                new Step("status history", sampler::start));                                 // 3000
        this.stopOrder = List.of(
                new Step("status history", sampler::stop),                                   // 40
                new Step("buffer monitor", monitor::stop),                                   // 40
                new Step("downlink", downlink::stop),                                        // 50
                new Step("uplink", uplink::stop),                                            // 50
                new Step("local broker health", brokerHealth::stop),                         // 60
                new Step("ingest", ingest::stop),                                            // 100
                new Step("pipeline clients", pipeline::stop),                                // 100
                new Step("pipeline changelog reader", engines::stop),                        // 110
                new Step("state store", state::stop),                                        // MAX_VALUE - 20
                new Step("local broker and its admin client", broker::stop));                // MAX_VALUE - 10
    }

    /** Every configuration problem at once, before anything starts; then each part in order. */
    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) throws Exception {
        ConfigProblems.validate(config);
        Steps.start(startOrder);
    }

    void onStop(@Observes @Priority(STOP_PRIORITY) ShutdownEvent ev) {
        long t0 = System.nanoTime();
        String took = Steps.stop(stopOrder);
        LOG.infof("Edge stopped in %d ms: %s", (System.nanoTime() - t0) / 1_000_000, took);
    }
}
