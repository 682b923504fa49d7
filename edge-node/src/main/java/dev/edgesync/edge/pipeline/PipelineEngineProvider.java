package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.pipeline.aggregate.KafkaChangelogSource;
import dev.edgesync.edge.reference.ReferenceService;
import dev.edgesync.edge.state.EdgeStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Builds the {@link PipelineEngine} from the configuration on first use (the state store is open by then). */
@ApplicationScoped
public class PipelineEngineProvider {

    private static final Logger LOG = Logger.getLogger(PipelineEngineProvider.class);

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final EdgeStateStore state;
    private final ReferenceService reference;
    private final Processor hook;
    private final MeterRegistry registry;
    private PipelineEngine engine;
    private KafkaChangelogSource changelog;

    public PipelineEngineProvider(EdgeConfig config, EdgeBroker broker, EdgeStateStore state, ReferenceService reference,
                                  Processor hook, MeterRegistry registry) {
        this.config = config;
        this.broker = broker;
        this.state = state;
        this.reference = reference;
        this.hook = hook;
        this.registry = registry;
    }

    public synchronized PipelineEngine engine() {
        if (engine == null) {
            changelog = new KafkaChangelogSource(broker.bootstrapServers(), Duration.ofSeconds(30));
            engine = new PipelineEngine(hook, PipelineFactory.build(config, System::getenv, state.store(),
                    reference.tables(), changelog), new PipelineMetrics(registry));
            engine.pipelines().forEach((s, p) -> LOG.infof("Pipeline of stream %s: %s", s, p.names()));
        }
        return engine;
    }

    /** After the pipeline's Kafka clients ({@link PipelineLifecycle#stop()}), before the state store and broker. */
    public void stop() {
        KafkaChangelogSource c;
        synchronized (this) {
            c = changelog;
        }
        if (c != null) {
            c.close();
        }
    }
}
