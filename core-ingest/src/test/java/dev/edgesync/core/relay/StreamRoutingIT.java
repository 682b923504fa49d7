package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.it.Centre;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-stream routing against a real broker: a per-region stream and a headers stream side by side. */
class StreamRoutingIT {

    private static final String GROUP = "routing-group";

    private EmbeddedKafkaBroker broker;
    private String bootstrap;
    private Admin admin;
    private LandingRelay relay;
    private Thread thread;

    @BeforeEach
    void start() {
        broker = EmbeddedKafkaBroker.builder().port(0).build().start();
        bootstrap = broker.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        CoreTopics topics = new CoreTopics(admin, 3, Optional.empty());
        topics.ensureInternal();
        RelaySettings s = new RelaySettings(Map.of("bootstrap.servers", bootstrap), GROUP, GROUP + "-tx",
                Duration.ofMillis(200), Duration.ofSeconds(1), 100, Duration.ofSeconds(30), Duration.ofMillis(100));
        StreamRouting routing = StreamRouting.fromConfig(Map.of("orders", "per-region", "stock", "headers"));
        relay = new LandingRelay(s, topics, new SiteRegistry(), RelayHooks.NONE, Clock.systemUTC(), new LandingRouter(routing));
        thread = new Thread(relay, "test-relay");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        relay.stop();
        thread.join(30_000);
        admin.close();
        broker.close();
    }

    @Test
    void aPerRegionStreamLandsInItsRegionsTopicAndAHeadersStreamInTheSharedOne() {
        for (String site : List.of("paris-1", "oslo-1")) {
            for (String stream : List.of("orders", "stock")) {
                Centre.createTopic(bootstrap, TopicNames.landing(site, stream), 3);
            }
        }
        Centre.createTopic(bootstrap, TopicNames.landing("odd-1", "orders"), 3);
        Map<TopicPartition, Long> last = new HashMap<>();
        Map<String, List<Centre.Event>> sent = new HashMap<>();
        try (Centre.EdgeWriter paris = new Centre.EdgeWriter(bootstrap, "paris-1", "eu-west", "aws");
             Centre.EdgeWriter oslo = new Centre.EdgeWriter(bootstrap, "oslo-1", "eu-north", "gcp");
             Centre.EdgeWriter odd = new Centre.EdgeWriter(bootstrap, "odd-1", "EU_South", "aws")) {
            for (var e : Map.of("paris-1", paris, "oslo-1", oslo).entrySet()) {
                for (String stream : List.of("orders", "stock")) {
                    List<Centre.Event> events = Centre.events(e.getKey() + "-" + stream, 90, 6, 3);
                    sent.put(e.getKey() + "/" + stream, events);
                    last.putAll(e.getValue().write(stream, events, true));
                }
            }
            // A region that cannot name a topic: dead-lettered with a reason, never dropped.
            List<Centre.Event> oddEvents = Centre.events("odd-1-orders", 5, 2, 3);
            last.putAll(odd.write("orders", oddEvents, true));
        }

        Centre.awaitRelayed(bootstrap, GROUP, last, Duration.ofSeconds(60));

        List<ConsumerRecord<byte[], byte[]>> west = Centre.readAll(bootstrap, "analytics.eu-west.orders", true);
        List<ConsumerRecord<byte[], byte[]>> north = Centre.readAll(bootstrap, "analytics.eu-north.orders", true);
        LandingRelayIT.assertExactlyOnceInKeyOrder(west, sent.get("paris-1/orders"));
        LandingRelayIT.assertExactlyOnceInKeyOrder(north, sent.get("oslo-1/orders"));
        assertThat(west).allSatisfy(r -> assertThat(Centre.header(r, SyncHeaders.ROUTE_REGION)).isEqualTo("eu-west"));

        List<ConsumerRecord<byte[], byte[]>> stock = Centre.readAll(bootstrap, "analytics.stock", true);
        List<Centre.Event> stockSent = new ArrayList<>(sent.get("paris-1/stock"));
        stockSent.addAll(sent.get("oslo-1/stock"));
        LandingRelayIT.assertExactlyOnceInKeyOrder(stock, stockSent);
        assertThat(stock).extracting(r -> Centre.header(r, SyncHeaders.ROUTE_SITE) + "@" + Centre.header(r, SyncHeaders.ROUTE_REGION))
                .containsOnly("paris-1@eu-west", "oslo-1@eu-north");

        assertThat(admin.listTopics().names().toCompletionStage().toCompletableFuture().join())
                .doesNotContain("analytics.orders", "analytics.eu-west.stock", "analytics.eu-north.stock");
        List<ConsumerRecord<byte[], byte[]>> dlq = Centre.readAll(bootstrap, CoreTopics.DLQ, true);
        assertThat(dlq).hasSize(5).allSatisfy(r -> {
            assertThat(Centre.header(r, LandingRouter.DLQ_REASON)).startsWith("bad-region:");
            assertThat(Centre.header(r, LandingRouter.DLQ_SOURCE_TOPIC)).isEqualTo("landing.odd-1.orders");
        });
    }
}
