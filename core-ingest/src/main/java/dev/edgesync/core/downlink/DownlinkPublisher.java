package dev.edgesync.core.downlink;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes downlink messages to {@code control.<kind>} (created on first use, see {@link CoreTopics#ensureControl}):
 * always partition 0, acks=all with idempotence, so what the centre acknowledged is durable and in the order it was
 * acknowledged. Clients are made on first use, so core-ingest starts while the centre is unreachable.
 */
@ApplicationScoped
public class DownlinkPublisher {

    private static final Logger LOG = Logger.getLogger(DownlinkPublisher.class);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final CentreKafka centre;
    private final CoreConfig config;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    public DownlinkPublisher(CentreKafka centre, CoreConfig config) {
        this.centre = centre;
        this.config = config;
    }

    /** Where a published message is. */
    public record Published(DownlinkMessage message, String topic, int partition, long offset) {
    }

    /** Publishes {@code r} as a new message; blocks until the centre acknowledged it. */
    public Published publish(DownlinkRequest r) throws ExecutionException, InterruptedException, TimeoutException {
        DownlinkMessage m = new DownlinkMessage(r.kind(), UUID.randomUUID().toString(), r.target(), Instant.now(), r.payload());
        String topic = ensure(r.kind());
        RecordMetadata md = producer().send(new ProducerRecord<>(topic, 0, null, null, m.payload(), m.headers()))
                .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Downlink message %s (%s, %s) published at %s-%d offset %d", m.id(), r.kind().wireName(), m.to(),
                md.topic(), md.partition(), md.offset());
        return new Published(m, md.topic(), md.partition(), md.offset());
    }

    private String ensure(DownlinkKind kind) {
        String topic = kind.topic();
        if (!ensured.contains(topic)) {
            var rf = config.analytics().replicationFactor();
            new CoreTopics(admin(), 1, rf.isPresent() ? Optional.of((short) rf.getAsInt()) : Optional.empty())
                    .ensureControl(topic);
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

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> p = centre.clientProperties();
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "core-ingest-downlink");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Before the embedded centre stops. */
    synchronized void onStop(@Observes @Priority(90) ShutdownEvent ev) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
