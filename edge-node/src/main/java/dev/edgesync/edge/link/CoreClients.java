package dev.edgesync.edge.link;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Clients of the centre that uplink and downlink share, and the settings every client of the centre starts from.
 *
 * <p>Timeouts toward the centre are all derived from {@code request-timeout}, so an unreachable core
 * fails a call within seconds instead of the Kafka defaults (minutes); settings from
 * {@code edge.core.kafka.*} are applied on top, except the few that each client's protocol needs.
 */
public final class CoreClients {

    private final LinkSettings s;

    public CoreClients(LinkSettings settings) {
        this.s = settings;
    }

    public LinkSettings settings() {
        return s;
    }

    /** What every client of the centre starts from: where it is, the timeouts, and {@code edge.core.kafka.*}. */
    public Map<String, Object> common() {
        long request = s.requestTimeout().toMillis();
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.coreBootstrapServers());
        c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        c.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) request);
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(request, 10_000L));
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, request);
        // A returning link is noticed within this: a reconnect attempt is one SYN, cheap even on a metered link,
        // and the drain must start soon after the link returns (5 s here cost up to 5 s of idle link).
        c.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, Math.min(request, 1_000L));
        c.put(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, "use_all_dns_ips");
        c.putAll(s.coreKafka());
        return c;
    }

    /** read_committed consumer of the centre, manually assigned, without a group. */
    public KafkaConsumer<byte[], byte[]> consumer(String purpose) {
        return new KafkaConsumer<>(consumerConfig(purpose), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Map<String, Object> consumerConfig(String purpose) {
        Map<String, Object> c = common();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "uplink-" + s.site() + "-" + purpose);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    /**
     * read_committed consumer of the centre's control topics, manually assigned without a group (the downlink keeps
     * its positions in the state store). It never creates a topic, and a position outside the log is an error for
     * the caller to handle, not a silent reset.
     */
    public KafkaConsumer<byte[], byte[]> downlinkConsumer() {
        Map<String, Object> c = consumerConfig("downlink");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "downlink-" + s.site());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        Map<String, Object> c = common();
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "uplink-" + s.site() + "-admin");
        return Admin.create(c);
    }
}
