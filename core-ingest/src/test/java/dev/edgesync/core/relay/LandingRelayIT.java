package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.it.Centre;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay loop alone against a real broker, with failures injected inside its transaction. */
class LandingRelayIT {

    private EmbeddedKafkaBroker broker;
    private String bootstrap;
    private Admin admin;
    private LandingRelay relay;
    private Thread thread;

    /** A broker per test: the relay consumes every site, so tests sharing one would see each other's data. */
    @BeforeEach
    void startBroker() {
        broker = EmbeddedKafkaBroker.builder().port(0).build().start();
        bootstrap = broker.bootstrapServers();
    }

    @AfterEach
    void stopRelayThenBroker() throws InterruptedException {
        if (relay != null) {
            relay.stop();
            thread.join(30_000);
        }
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }

    private SiteRegistry start(String group, RelayHooks hooks) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        CoreTopics topics = new CoreTopics(admin, 3, Optional.empty());
        topics.ensureInternal();
        SiteRegistry registry = new SiteRegistry();
        RelaySettings s = new RelaySettings(Map.of("bootstrap.servers", bootstrap), group, group + "-tx",
                Duration.ofMillis(200), Duration.ofSeconds(1), 50, Duration.ofSeconds(30), Duration.ofMillis(100));
        relay = new LandingRelay(s, topics, registry, hooks, Clock.systemUTC());
        thread = new Thread(relay, "test-relay");
        thread.start();
        return registry;
    }

    @Test
    void aCrashInsideTheTransactionLosesNothingAndDuplicatesNothing() {
        String site = "crash-site";
        String stream = "crash";
        Centre.createTopic(bootstrap, TopicNames.landing(site, stream), 3);
        AtomicBoolean crashed = new AtomicBoolean();
        SiteRegistry registry = start("crash-group", batch -> {
            if (batch == 2 && crashed.compareAndSet(false, true)) {
                // As if the process died here: records and offsets sent and flushed, nothing committed.
                throw new IllegalStateException("simulated crash before commit");
            }
        });
        List<Centre.Event> events = Centre.events("c", 400, 10, 3);
        Map<TopicPartition, Long> last;
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap, site, "eu", "aws")) {
            last = edge.write(stream, events, true);
        }

        Centre.awaitRelayed(bootstrap, "crash-group", last, Duration.ofSeconds(60));

        assertThat(crashed).isTrue();
        assertThat(relay.sessions()).isGreaterThanOrEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> out = Centre.readAll(bootstrap, TopicNames.analytics(stream), true);
        assertExactlyOnceInKeyOrder(out, events);
        // The crashed transaction's records did reach the log, and stay invisible to read_committed readers.
        assertThat(Centre.readAll(bootstrap, TopicNames.analytics(stream), false).size()).isGreaterThan(events.size());
        assertThat(registry.get(site).orElseThrow().landed()).containsEntry(stream, 400L);
    }

    @Test
    void anAbortedTransactionIsRewoundAndRelayedOnce() {
        String site = "abort-site";
        String stream = "aborts";
        Centre.createTopic(bootstrap, TopicNames.landing(site, stream), 3);
        AtomicBoolean failed = new AtomicBoolean();
        SiteRegistry registry = start("abort-group", batch -> {
            if (batch == 1 && failed.compareAndSet(false, true)) {
                throw new KafkaException("simulated broker error before commit");
            }
        });
        List<Centre.Event> events = Centre.events("a", 200, 7, 3);
        Map<TopicPartition, Long> last;
        try (Centre.EdgeWriter edge = new Centre.EdgeWriter(bootstrap, site, "eu", "aws")) {
            last = edge.write(stream, events, true);
        }

        Centre.awaitRelayed(bootstrap, "abort-group", last, Duration.ofSeconds(60));

        assertThat(relay.abortedBatches()).isEqualTo(1);
        assertThat(relay.sessions()).isEqualTo(1);
        assertExactlyOnceInKeyOrder(Centre.readAll(bootstrap, TopicNames.analytics(stream), true), events);
        assertThat(registry.get(site).orElseThrow().landed()).containsEntry(stream, 200L);
    }

    static void assertExactlyOnceInKeyOrder(List<ConsumerRecord<byte[], byte[]>> out, List<Centre.Event> events) {
        assertThat(out).extracting(Centre::eventId)
                .containsExactlyInAnyOrderElementsOf(events.stream().map(Centre.Event::id).toList());
        Map<String, Long> lastSeq = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out.stream()
                .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset())).toList()) {
            String key = new String(r.key()) + "@" + Centre.header(r, "route_site");
            long seq = Centre.eventSeq(r);
            assertThat(seq).as("sequence of key %s", key).isEqualTo(lastSeq.getOrDefault(key, 0L) + 1);
            lastSeq.put(key, seq);
        }
    }
}
