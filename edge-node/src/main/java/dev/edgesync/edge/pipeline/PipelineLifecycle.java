package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.broker.LocalTopics;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.state.IdempotencyMarks;
import dev.edgesync.edge.state.EdgeStateStore;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs beside the pipeline stage: creates the aggregation changelog topics once the broker is up, frees raw space
 * periodically, and at shutdown stops the SmallRye Kafka clients before {@link EdgeBroker} stops the broker
 * (otherwise they would retry against a dead broker). The boot order calls each step.
 */
@ApplicationScoped
public class PipelineLifecycle {

    private static final Logger LOG = Logger.getLogger(PipelineLifecycle.class);

    private final EdgeBroker broker;
    private final EdgeConfig config;
    private final EdgeStateStore state;
    private final KafkaConnector connector;
    private final KafkaClientService clients;
    private final String groupId;
    private ScheduledExecutorService scheduler;

    public PipelineLifecycle(EdgeBroker broker, EdgeConfig config, EdgeStateStore state,
                             @Connector(KafkaConnector.CONNECTOR_NAME) KafkaConnector connector,
                             KafkaClientService clients,
                             @ConfigProperty(name = "mp.messaging.incoming.raw-in.group.id") String groupId) {
        this.broker = broker;
        this.config = config;
        this.state = state;
        this.connector = connector;
        this.clients = clients;
        this.groupId = groupId;
    }

    /** The changelog topic of every aggregated stream, right after the broker starts (before anything reads them). */
    public void createChangelogTopics() {
        Map<String, Integer> changelogs = new TreeMap<>();
        PipelineFactory.aggregatedStreams(config).forEach((s, n) -> changelogs.put(PipelineFactory.changelogTopic(s), n));
        LocalTopics.ensureChangelogs(broker.admin(), changelogs);
    }

    /** Schedules the raw space reclaimer (its first run is one interval away). */
    public void start() {
        RawSpaceReclaimer reclaimer = new RawSpaceReclaimer(broker.admin(), groupId, Duration.ofSeconds(10),
                partitions -> IdempotencyMarks.durable(state.store(), partitions));
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-raw-reclaimer");
            t.setDaemon(true);
            return t;
        });
        long every = config.sync().deleteRecordsInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reclaimer.reclaim();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warnf("Could not free raw space below the pipeline's committed offsets (retrying in %d ms): %s",
                        every, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Before the broker stops. */
    public void stop() {
        long t0 = System.nanoTime();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        connector.terminate(null);
        // terminate() closes the consumer, but the transactional producer behind the KafkaTransactions emitter
        // stayed alive in tests and kept retrying against the stopped broker: close it here, bounded. An open
        // transaction is aborted; its offsets were not committed, so the batch is processed again at restart.
        try {
            var producer = clients.getProducer(PipelineStage.OUT);
            if (producer != null) {
                producer.unwrap().close(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.debugf("Closing the pipeline producer: %s", e.toString());
        }
        LOG.infof("Pipeline stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
