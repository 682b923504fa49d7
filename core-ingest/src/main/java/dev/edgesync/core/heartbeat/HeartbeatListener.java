package dev.edgesync.core.heartbeat;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.TopicFollower;
import dev.edgesync.protocol.Heartbeat;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads every site's {@code landing.<site>._heartbeats} (pattern subscription, from the beginning of the
 * compacted topics, never committing) into the {@link HeartbeatRegistry}. Each instance uses its own group, so
 * each one sees every site. Heartbeats are not data: the landing relay never reads these topics.
 */
@ApplicationScoped
public class HeartbeatListener {

    private static final Logger LOG = Logger.getLogger(HeartbeatListener.class);
    /** Each instance's group is this and a random UUID; core-ingest's principal needs Read on groups with this prefix. */
    public static final String GROUP_PREFIX = "core-ingest-heartbeats-";

    private final HeartbeatRegistry registry;
    private final TopicFollower follower;

    public HeartbeatListener(CentreKafka centre, HeartbeatRegistry registry) {
        this.registry = registry;
        this.follower = new TopicFollower("heartbeat-listener", Duration.ofSeconds(2),
                "site backlogs shown are as of the last heartbeat read", f -> {
                    Map<String, Object> p = new HashMap<>(centre.clientProperties());
                    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID());
                    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "core-ingest-heartbeats");
                    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                    // New sites' heartbeat topics are picked up within this.
                    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
                    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                        f.onWakeup(c::wakeup);
                        c.subscribe(TopicNames.HEARTBEATS);
                        while (f.running()) {
                            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                                accept(r);
                            }
                        }
                    }
                });
    }

    /** After the centre (10). */
    void onStart(@Observes @Priority(25) StartupEvent ev) {
        follower.start();
    }

    /** Before the centre stops. */
    void onStop(@Observes @Priority(90) ShutdownEvent ev) {
        follower.stop();
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        try {
            Heartbeat h = Heartbeat.decode(r.key(), r.value());
            String topicSite = TopicNames.HEARTBEATS.matcher(r.topic()).replaceAll("$1");
            if (!h.site().equals(topicSite)) {
                LOG.warnf("Ignoring a heartbeat of site %s found in %s: a site writes only its own topics", h.site(), r.topic());
                return;
            }
            registry.accept(h, Clock.systemUTC().instant());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping unreadable heartbeat %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }
}
