package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.it.Centre;
import dev.edgesync.core.sites.SiteCodec;
import dev.edgesync.core.sites.SiteDeclaration;
import dev.edgesync.core.sites.SiteLocation;
import dev.edgesync.core.sites.SiteRegistration;
import dev.edgesync.core.sites.SiteRegistry;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Per-stream routing against a real broker: a per-region stream and a headers stream side by side, routed by each site's
 * registration (never by what its records claim), with no topic made from data.
 */
class StreamRoutingIT {

    private static final String GROUP = "routing-group";

    private EmbeddedKafkaBroker broker;
    private String bootstrap;
    private Admin admin;
    private LandingRelay relay;
    private Thread thread;

    private final SiteRegistry registry = new SiteRegistry();
    private final Map<String, Long> deadLettered = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        broker = EmbeddedKafkaBroker.builder().port(0).build().start();
        bootstrap = broker.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void startRelay(SiteRegistrationMode mode) {
        CoreTopics topics = new CoreTopics(admin, 3, Optional.empty());
        topics.ensureInternal();
        RelaySettings s = new RelaySettings(Map.of("bootstrap.servers", bootstrap), GROUP, GROUP + "-tx",
                Duration.ofMillis(200), Duration.ofSeconds(1), 100, Duration.ofSeconds(30), Duration.ofMillis(100));
        StreamRouting routing = StreamRouting.fromConfig(Map.of("orders", "per-region", "stock", "headers"));
        relay = new LandingRelay(s, topics, registry, RelayHooks.NONE, Clock.systemUTC(), new LandingRouter(routing), mode,
                (site, reason, n) -> deadLettered.merge(site + "/" + reason, n, Long::sum));
        thread = new Thread(relay, "test-relay");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (relay != null) {
            relay.stop();
            thread.join(30_000);
        }
        admin.close();
        broker.close();
    }

    @Test
    void aPerRegionStreamLandsInItsRegionsTopicAndAHeadersStreamInTheSharedOne() {
        startRelay(SiteRegistrationMode.FIRST_RECORD);
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

    /**
     * A centre where sites need not be onboarded: a site's first record registers its region; later records claiming
     * another region go to the DLQ, never to that region's topic, and create no topic. Of two registrations of one
     * site the earliest in _core.sites counts (another instance's, written first, wins over this relay's claim).
     */
    @Test
    void firstRecordRegistrationHoldsASiteToItsRegion() throws Exception {
        startRelay(SiteRegistrationMode.FIRST_RECORD);
        Centre.createTopic(bootstrap, TopicNames.landing("rogue-1", "orders"), 3);
        List<Centre.Event> first = Centre.events("rogue-1-home", 12, 3, 3);
        try (Centre.EdgeWriter home = new Centre.EdgeWriter(bootstrap, "rogue-1", "eu-west", "aws")) {
            Centre.awaitRelayed(bootstrap, GROUP, home.write("orders", first, true), Duration.ofSeconds(60));
        }
        assertThat(registry.location("rogue-1")).contains(new SiteLocation("eu-west", "aws", false));
        Set<String> before = topicNames();

        List<Centre.Event> claimed = Centre.events("rogue-1-away", 7, 3, 3);
        try (Centre.EdgeWriter away = new Centre.EdgeWriter(bootstrap, "rogue-1", "ap-south", "aws")) {
            Centre.awaitRelayed(bootstrap, GROUP, away.write("orders", claimed, true), Duration.ofSeconds(60));
        }

        assertThat(topicNames()).as("no topic made from data").isEqualTo(before).doesNotContain("analytics.ap-south.orders");
        List<ConsumerRecord<byte[], byte[]>> home = Centre.readAll(bootstrap, "analytics.eu-west.orders", true);
        LandingRelayIT.assertExactlyOnceInKeyOrder(home, first);
        List<ConsumerRecord<byte[], byte[]>> dlq = Centre.readAll(bootstrap, CoreTopics.DLQ, true);
        assertThat(dlq).hasSize(7).allSatisfy(r -> assertThat(Centre.header(r, LandingRouter.DLQ_REASON))
                .startsWith("region-mismatch:").contains("ap-south", "eu-west"));
        assertThat(dlq).extracting(Centre::eventId).containsExactlyInAnyOrderElementsOf(claimed.stream().map(Centre.Event::id).toList());
        await().untilAsserted(() -> assertThat(deadLettered).containsEntry("rogue-1/region-mismatch", 7L));

        // Another instance registered site early-1 in us-east first; this relay, seeing early-1's eu-west records, must
        // agree with it: the records go to the DLQ, the site stays in us-east.
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            SiteRegistration other = new SiteRegistration("early-1", "us-east", "aws", Instant.now(), "core-ingest-relay-other");
            p.send(new ProducerRecord<>(CoreTopics.SITES, 0, SiteCodec.key(other), SiteCodec.value(other))).get(30, TimeUnit.SECONDS);
        }
        Centre.createTopic(bootstrap, TopicNames.landing("early-1", "orders"), 3);
        try (Centre.EdgeWriter late = new Centre.EdgeWriter(bootstrap, "early-1", "eu-west", "aws")) {
            Centre.awaitRelayed(bootstrap, GROUP, late.write("orders", Centre.events("early-1", 4, 2, 3), true),
                    Duration.ofSeconds(60));
        }
        assertThat(registry.location("early-1")).contains(new SiteLocation("us-east", "aws", false));
        assertThat(Centre.readAll(bootstrap, CoreTopics.DLQ, true)).hasSize(11);
        assertThat(topicNames()).doesNotContain("analytics.us-east.orders").contains("analytics.eu-west.orders");
    }

    /**
     * A centre where only onboarding registers sites: the relay creates no topic; an unregistered site, a record
     * claiming another region and a record whose analytics topic is missing all go to the DLQ with their reason, counted
     * per site; a registered site's records land in its region's topic.
     */
    @Test
    void onboardingOnlyRelaysRegisteredSitesAndNeverCreatesATopic() throws Exception {
        SiteDeclaration known = new SiteDeclaration("known-1", "eu-west", "aws", Map.of("orders", 3, "stock", 3), Instant.now());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            new CoreTopics(admin, 3, Optional.empty()).ensureInternal();
            p.send(new ProducerRecord<>(CoreTopics.SITES, SiteCodec.key(known), SiteCodec.value(known))).get(30, TimeUnit.SECONDS);

            // What Kafka 4.2 does with a produce to a missing topic when brokers may not create topics (as every centre
            // here is set): the send waits for metadata and fails; nothing is created. So the relay never sends there.
            Map<String, Object> blocking = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
            try (KafkaProducer<byte[], byte[]> q = new KafkaProducer<>(blocking, new ByteArraySerializer(), new ByteArraySerializer())) {
                assertThatThrownBy(() -> q.send(new ProducerRecord<>("analytics.nowhere.orders", new byte[1])).get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            }
        }
        for (String stream : List.of("orders", "stock")) {
            Centre.createTopic(bootstrap, TopicNames.landing("known-1", stream), 3);
        }
        Centre.createTopic(bootstrap, TopicNames.landing("stranger-1", "orders"), 3);
        Centre.createTopic(bootstrap, "analytics.eu-west.orders", 3); // as onboarding makes it; analytics.stock is missing
        await().until(() -> topicNames().containsAll(List.of("analytics.eu-west.orders", "landing.stranger-1.orders")));
        startRelay(SiteRegistrationMode.ONBOARDING);
        Set<String> before = topicNames();

        List<Centre.Event> home = Centre.events("known-1-orders", 10, 3, 3);
        Map<TopicPartition, Long> last = new HashMap<>();
        try (Centre.EdgeWriter k = new Centre.EdgeWriter(bootstrap, "known-1", "eu-west", "aws");
             Centre.EdgeWriter away = new Centre.EdgeWriter(bootstrap, "known-1", "us-east", "aws");
             Centre.EdgeWriter stranger = new Centre.EdgeWriter(bootstrap, "stranger-1", "eu-west", "aws")) {
            last.putAll(k.write("orders", home, true));
            last.putAll(k.write("stock", Centre.events("known-1-stock", 4, 2, 3), true));
            last.putAll(away.write("orders", Centre.events("known-1-away", 3, 3, 3), true));
            last.putAll(stranger.write("orders", Centre.events("stranger-1", 5, 2, 3), true));
        }
        Centre.awaitRelayed(bootstrap, GROUP, last, Duration.ofSeconds(60));

        assertThat(topicNames()).as("the relay created no topic").isEqualTo(before)
                .doesNotContain("analytics.stock", "analytics.us-east.orders");
        LandingRelayIT.assertExactlyOnceInKeyOrder(Centre.readAll(bootstrap, "analytics.eu-west.orders", true), home);
        Map<String, Long> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : Centre.readAll(bootstrap, CoreTopics.DLQ, true)) {
            String reason = Centre.header(r, LandingRouter.DLQ_REASON);
            reasons.merge(Centre.header(r, LandingRouter.DLQ_SOURCE_TOPIC) + " " + reason.substring(0, reason.indexOf(':')), 1L, Long::sum);
        }
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "landing.known-1.stock missing-topic", 4L,
                "landing.known-1.orders region-mismatch", 3L,
                "landing.stranger-1.orders unregistered-site", 5L));
        await().untilAsserted(() -> assertThat(deadLettered).containsExactlyInAnyOrderEntriesOf(Map.of(
                "known-1/missing-topic", 4L, "known-1/region-mismatch", 3L, "stranger-1/unregistered-site", 5L)));
        assertThat(registry.location("stranger-1")).isEmpty();
    }

    private Set<String> topicNames() throws Exception {
        return new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
    }
}
