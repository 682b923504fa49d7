package dev.edgesync.edge.downlink;

import dev.edgesync.edge.state.StateStore;
import dev.edgesync.edge.sync.ByteRateLimiter;
import dev.edgesync.protocol.downlink.Addressing;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import dev.edgesync.protocol.downlink.RuntimeSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Test helpers: downlink messages as the centre writes them, and an edge's applier over its own state store. */
public final class Downlinks {

    private Downlinks() {
    }

    public static DownlinkMessage message(DownlinkKind kind, Addressing to, String json) {
        return new DownlinkMessage(kind, UUID.randomUUID().toString(), to, Instant.now(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** The record a consumer would hand over for {@code m} at {@code offset} of partition 0. */
    public static ConsumerRecord<byte[], byte[]> record(DownlinkMessage m, long offset) {
        return new ConsumerRecord<>(ControlTopics.of(m.kind(), m.to()), 0, offset, 0L, TimestampType.CREATE_TIME, 0, m.payload().length,
                null, m.payload(), m.headers(), Optional.empty());
    }

    /** The contract's floor: tests that are not about the edge's own floor may set any cap the centre accepts. */
    public static final long FLOOR = RuntimeSettings.MIN_BYTES_PER_SECOND;
    /** As edge.downlink.max-message-bytes by default. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** An applier for an edge of this identity whose only runtime setting is {@code limiter}'s rate. */
    public static DownlinkApplier applier(StateStore store, ByteRateLimiter limiter, long configuredRate, String site,
                                          String region, String cloud) {
        return new DownlinkApplier(store, overrides(store, limiter, configuredRate), new DownlinkStatus("up"), site, region,
                cloud, MAX_MESSAGE_BYTES);
    }

    public static RuntimeOverrides overrides(StateStore store, ByteRateLimiter limiter, long configuredRate) {
        return overrides(store, limiter, configuredRate, FLOOR);
    }

    /** As the edge builds them: the cap may not go below {@code floor} (edge.downlink.min-bytes-per-second). */
    public static RuntimeOverrides overrides(StateStore store, ByteRateLimiter limiter, long configuredRate, long floor) {
        return new RuntimeOverrides(store, Map.of(RuntimeSettings.MAX_BYTES_PER_SECOND, new RuntimeOverrides.Knob(
                String.valueOf(configuredRate), RuntimeOverrides.capFloor(RuntimeSettings.MAX_BYTES_PER_SECOND, floor,
                "edge.downlink.min-bytes-per-second"), v -> limiter.setRate(Long.parseLong(v)))));
    }

    /**
     * What the centre sends the app of the edge ITs (site test-site in eu-west): rows for two tables (one message for
     * another region, one for this site only while in another region: read and ignored), and two caps (the first
     * below the edge's floor: rejected, the next applied all the same). Applied, they leave the cap at 65536, two
     * reference messages and one config message applied.
     */
    public static DownlinkMessage[] testSiteSample() {
        return new DownlinkMessage[] {
                message(DownlinkKind.REFERENCE, Addressing.region("eu-west"),
                        "{\"table\":\"prices\",\"op\":\"upsert\",\"rows\":{\"sku-1\":{\"price\":1.5,\"name\":\"tea\"}}}"),
                message(DownlinkKind.REFERENCE, Addressing.region("us-east"),
                        "{\"table\":\"prices\",\"op\":\"upsert\",\"rows\":{\"sku-2\":{\"price\":9}}}"),
                // In this site's own topic, but only for it while in us-east: read, and ignored.
                message(DownlinkKind.REFERENCE, new Addressing("test-site", "us-east", Addressing.ANY),
                        "{\"table\":\"prices\",\"op\":\"upsert\",\"rows\":{\"sku-2\":{\"price\":9}}}"),
                message(DownlinkKind.REFERENCE, Addressing.everyone(),
                        "{\"table\":\"products\",\"op\":\"upsert\",\"rows\":{\"SKU-004572\":{\"name\":\"Tea, green\"},"
                                + "\"SKU-NEW\":{\"name\":\"Coffee\"}}}"),
                // Below this edge's floor (edge.downlink.min-bytes-per-second, 64 KiB/s by default): rejected, and the
                // next message of the topic is applied all the same.
                message(DownlinkKind.CONFIG, Addressing.site("test-site"),
                        "{\"set\":{\"edge.sync.max-bytes-per-second\":2048}}"),
                message(DownlinkKind.CONFIG, Addressing.site("test-site"),
                        "{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}")
        };
    }

    /** Publishes messages to their control topics (created with one partition if missing), acks=all, idempotent. */
    public static void publish(String bootstrap, DownlinkMessage... messages) {
        publish(bootstrap, java.util.Arrays.stream(messages).map(Downlinks::producerRecord).toList());
    }

    public static ProducerRecord<byte[], byte[]> producerRecord(DownlinkMessage m) {
        return new ProducerRecord<>(ControlTopics.of(m.kind(), m.to()), 0, null, null, m.payload(), m.headers());
    }

    /** Publishes records as they are, creating their topics (one partition) if missing. */
    public static void publish(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        publish(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), records);
    }

    /** As the centre does, logged in with {@code client} (bootstrap, and a super user's credentials on a secured centre). */
    public static void publish(Map<String, Object> client, List<ProducerRecord<byte[], byte[]>> records) {
        try (Admin admin = Admin.create(client)) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                try {
                    admin.createTopics(List.of(new NewTopic(r.topic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        Map<String, Object> c = new java.util.HashMap<>(client);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(p::send);
            p.flush();
        }
    }
}
