package dev.edgesync.core.downlink;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CentreWriter;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes downlink messages to the control topic of their target ({@link ControlTopics}: only the sites a message
 * addresses may read it), created on first use ({@link CoreTopics#ensureControl}): always partition 0, through the
 * {@link CentreWriter} (acks=all, idempotent), so what the centre acknowledged is durable and, per topic, in the order
 * it was acknowledged.
 */
@ApplicationScoped
public class DownlinkPublisher {

    private static final Logger LOG = Logger.getLogger(DownlinkPublisher.class);

    private final CentreKafka centre;
    private final CoreConfig config;
    private final CentreWriter writer;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private Admin admin;

    public DownlinkPublisher(CentreKafka centre, CoreConfig config, CentreWriter writer) {
        this.centre = centre;
        this.config = config;
        this.writer = writer;
    }

    /** Where a published message is. */
    public record Published(DownlinkMessage message, String topic, int partition, long offset) {
    }

    /** Publishes {@code r} as a new message; blocks until the centre acknowledged it. */
    public Published publish(DownlinkRequest r) throws ExecutionException, InterruptedException, TimeoutException {
        DownlinkMessage m = new DownlinkMessage(r.kind(), UUID.randomUUID().toString(), r.target(), Instant.now(), r.payload());
        String topic = ensure(ControlTopics.of(r.kind(), r.target()));
        RecordMetadata md = writer.send(new ProducerRecord<>(topic, 0, null, null, m.payload(), m.headers()))
                .get(CentreWriter.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Downlink message %s (%s, %s) published at %s-%d offset %d", m.id(), r.kind().wireName(), m.to(),
                md.topic(), md.partition(), md.offset());
        return new Published(m, md.topic(), md.partition(), md.offset());
    }

    private String ensure(String topic) {
        if (!ensured.contains(topic)) {
            CoreTopics.of(admin(), config).ensureControl(topic);
            ensured.add(topic);
        }
        return topic;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = centre.admin();
        }
        return admin;
    }

    /** Before the embedded centre stops. */
    synchronized void onStop(@Observes @Priority(90) ShutdownEvent ev) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
