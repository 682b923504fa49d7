package dev.edgesync.core.broker;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * core-ingest's one non-transactional writer to the centre (downlink messages, site declarations): acks=all with
 * idempotence, so what it acknowledges is durable and in order. Made on first use, so core-ingest starts while the
 * centre is unreachable; closed before the embedded centre stops.
 */
@ApplicationScoped
public class CentreWriter {

    /** How long a send may take before it fails; also how long callers should wait for it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CentreKafka centre;
    private KafkaProducer<byte[], byte[]> producer;

    public CentreWriter(CentreKafka centre) {
        this.centre = centre;
    }

    /** Sends {@code r}; the future completes once the centre acknowledged it (within {@link #TIMEOUT}). */
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r) {
        return producer().send(r);
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> p = centre.clientProperties();
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "core-ingest-writer");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
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
    }
}
