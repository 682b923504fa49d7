package dev.edgesync.core.sites;

import dev.edgesync.core.broker.CoreTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the committed content of {@value CoreTopics#SITES} back, latest record per site. */
public final class SiteStore {

    private static final Logger LOG = Logger.getLogger(SiteStore.class);

    private SiteStore() {
    }

    /** Every site record committed so far; skips (and logs) records it cannot decode. */
    public static List<SiteRecord> load(Map<String, Object> clientProperties, Duration timeout) {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "core-ingest-sites-loader");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, SiteRecord> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(CoreTopics.SITES, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            // Under read_committed the end offset is the last stable offset: nothing open is waited for.
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + CoreTopics.SITES + " back within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        SiteRecord s = SiteCodec.decode(r.key(), r.value());
                        latest.put(s.id(), s);
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("Skipping unreadable record %s-%d@%d of %s: %s", r.topic(), r.partition(), r.offset(),
                                CoreTopics.SITES, e.getMessage());
                    }
                }
            }
        }
        return List.copyOf(latest.values());
    }
}
