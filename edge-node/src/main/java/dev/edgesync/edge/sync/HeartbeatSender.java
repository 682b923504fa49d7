package dev.edgesync.edge.sync;

import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Sends the current figures to the site's heartbeat topic at the centre every heartbeat interval, on a
 * producer of its own opened at the first one; a failure is logged, never fatal to the session. Each ack measures
 * the clock skew against the centre ({@link ClockSkew}); the first heartbeat of a session goes out at connect.
 */
final class HeartbeatSender {

    private static final Logger LOG = Logger.getLogger(HeartbeatSender.class);

    private final String site;
    private final UplinkShared shared;
    private final UplinkClients clients;
    private long nextAt;
    private KafkaProducer<byte[], byte[]> producer;

    private final ClockSkew skew;

    HeartbeatSender(String site, UplinkShared shared, UplinkClients clients, ClockSkew skew) {
        this.site = site;
        this.skew = skew;
        this.shared = shared;
        this.clients = clients;
    }

    /** Sends one heartbeat if it is due and there are figures to send. */
    void maybeSend() {
        if (System.nanoTime() < nextAt) {
            return;
        }
        nextAt = System.nanoTime() + shared.heartbeatInterval().toNanos();
        try {
            shared.heartbeats().get().ifPresent(h -> {
                if (producer == null) {
                    producer = clients.heartbeatProducer();
                }
                // The record's own timestamp is the edge's time: the ack's append time against it measures the skew.
                long sentAt = System.currentTimeMillis();
                long sentNanos = System.nanoTime();
                producer.send(new ProducerRecord<>(TopicNames.heartbeats(site), null, sentAt, h.encodeKey(),
                                h.encodeValue()),
                        (md, e) -> {
                            if (e != null) {
                                LOG.debugf("Heartbeat not delivered: %s", e.toString());
                            } else if (!skew.observe(sentAt, System.nanoTime() - sentNanos, md.timestamp())) {
                                LOG.debugf("Clock skew not measured: %s keeps the producer's timestamps (CreateTime)",
                                        TopicNames.heartbeats(site));
                            }
                        });
            });
        } catch (RuntimeException e) {
            LOG.debugf("No heartbeat this time: %s", e.toString());
        }
    }

    /** Bytes the heartbeat producer put on the wire, total. */
    long wireBytes() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            return 0;
        }
        for (Map.Entry<MetricName, ? extends Metric> e : p.metrics().entrySet()) {
            if (e.getKey().name().equals("outgoing-byte-total") && e.getKey().group().equals("producer-metrics")
                    && e.getValue().metricValue() instanceof Number n) {
                return n.longValue();
            }
        }
        return 0;
    }

    void close() {
        KafkaProducer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf("Error closing the heartbeat producer: %s", e.toString());
            }
        }
    }
}
