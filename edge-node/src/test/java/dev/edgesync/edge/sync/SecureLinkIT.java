package dev.edgesync.edge.sync;

import dev.edgesync.edge.link.LinkSettings;

import dev.edgesync.edge.stream.LinkState;

import dev.edgesync.edge.downlink.Downlink;
import dev.edgesync.edge.downlink.DownlinkApplier;
import dev.edgesync.edge.downlink.DownlinkLedger;
import dev.edgesync.edge.downlink.DownlinkStatus;
import dev.edgesync.edge.downlink.Downlinks;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.kafka.BrokerSecurity;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.TlsMaterial;
import dev.edgesync.protocol.SiteAccess;
import dev.edgesync.protocol.SiteTopics;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.protocol.downlink.Addressing;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.edgesync.edge.sync.SyncFixture.PARTITIONS;
import static dev.edgesync.edge.sync.SyncFixture.STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The real uplink against a secured centre (TLS, SCRAM-SHA-512, StandardAuthorizer with each site's ACLs from
 * {@link SiteAccess}): site A ships with its own credentials, and those credentials can do nothing to site B; its
 * downlink applies what is addressed to it and cannot read what is addressed to B or another region.
 */
class SecureLinkIT {

    private static final String A = "store-a";
    private static final String B = "store-b";
    private static final String PASSWORD_A = TlsMaterial.randomSecret();

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker centre;
    private static BrokerSecurity security;
    private EmbeddedKafkaBroker local;
    private final List<Uplink> uplinks = new ArrayList<>();
    /** The local broker's admin client of each uplink started, as the edge broker would share it. */
    private final List<Admin> localAdmins = new ArrayList<>();

    @BeforeAll
    static void securedCentre() throws Exception {
        security = BrokerSecurity.scramOverTls(TlsMaterial.selfSigned(dir, "127.0.0.1"));
        centre = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("centre")).secured(security).build().start();
        try (Admin admin = Admin.create(centre.adminClientProperties())) {
            // As onboarding does: the centre creates each site's topics, user and ACLs.
            for (String site : List.of(A, B)) {
                List<NewTopic> topics = SiteTopics.of(site, Map.of(STREAM, PARTITIONS)).stream()
                        .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())).toList();
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
                BrokerSecurity.upsertScramUser(admin, user(site), site.equals(A) ? PASSWORD_A : TlsMaterial.randomSecret());
                admin.createAcls(SiteAccess.bindings(site, "default", "default", "User:" + user(site))).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stopCentre() {
        centre.close();
    }

    @AfterEach
    void stop() {
        uplinks.forEach(Uplink::close);
        localAdmins.forEach(Admin::close);
        if (local != null) {
            local.close();
        }
    }

    private static String user(String site) {
        return SiteAccess.DEFAULT_USER_PREFIX + site;
    }

    /** Site A's link settings as an edge box would hold them in edge.core.kafka.*. */
    private static Map<String, String> linkOfA(String password) {
        Map<String, String> m = new HashMap<>();
        security.scramClientSettings(user(A), password).forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    private Uplink startUplinkOfA(Map<String, String> link) {
        if (local == null) {
            local = SyncFixture.localBroker();
            SyncFixture.writeCurated(local.bootstrapServers(), 300);
        }
        UplinkSettings d = UplinkSettings.defaults(A, Map.of(STREAM, PARTITIONS), local.bootstrapServers(),
                centre.bootstrapServers());
        UplinkSettings s = new UplinkSettings(new LinkSettings(A, d.region(), d.cloud(), d.coreBootstrapServers(), link,
                Duration.ofMillis(300), Duration.ofSeconds(3)), d.streams(), d.localBootstrapServers(), false,
                d.coreReplicationFactor(), d.maxBatchRecords(), Duration.ofHours(1), Duration.ofSeconds(10), d.linger(),
                d.batchBytes(), d.compression());
        Uplink u = new Uplink(s, localAdmin(s)).start();
        uplinks.add(u);
        return u;
    }

    private static int landedCount(String topic, int partitions) {
        return SyncFixture.readAll(centre.adminClientProperties(), topic, partitions).values().stream()
                .mapToInt(List::size).sum();
    }

    @Test
    void siteAShipsWithItsOwnCredentialsAndTheyCannotTouchSiteB() throws Exception {
        Uplink uplink = startUplinkOfA(linkOfA(PASSWORD_A));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> landedCount(TopicNames.landing(A, STREAM), PARTITIONS) == 300);
        assertThat(uplink.status().state()).isEqualTo(LinkState.UP);
        assertThat(SyncFixture.readAll(centre.adminClientProperties(), TopicNames.checkpoints(A), 1).get(0)).isNotEmpty();

        Map<String, Object> a = new HashMap<>(linkOfA(PASSWORD_A));
        a.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, centre.bootstrapServers());
        a.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // With its own transactional id, A still cannot put a record into B's data or B's checkpoints.
        for (String target : List.of(TopicNames.landing(B, STREAM), TopicNames.checkpoints(B))) {
            Map<String, Object> c = new HashMap<>(a);
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SiteAccess.transactionalIdPrefix(A) + "attack-0");
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
                p.initTransactions();
                p.beginTransaction();
                assertThatThrownBy(() -> p.send(new ProducerRecord<>(target, 0, null, new byte[]{1})).get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
                p.abortTransaction();
            }
        }
        // Nor borrow B's transactional ids (it would fence B's uplink).
        Map<String, Object> c = new HashMap<>(a);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SiteAccess.transactionalIdPrefix(B) + STREAM + "-0");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(p::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        // Nor read B's resume points.
        try (KafkaConsumer<byte[], byte[]> consumer = SyncFixture.consumer(a)) {
            consumer.assign(List.of(new TopicPartition(TopicNames.checkpoints(B), 0)));
            consumer.seekToBeginning(consumer.assignment());
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        // Nor make topics, not even under its own prefix: onboarding does that.
        try (Admin admin = Admin.create(a)) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(TopicNames.landing(A, "extra"),
                    Optional.of(1000), Optional.empty()))).all().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // As a super user reading committed data sees: nothing of A's landed at B.
        assertThat(landedCount(TopicNames.landing(B, STREAM), PARTITIONS)).isZero();
        assertThat(landedCount(TopicNames.checkpoints(B), 1)).isZero();
    }

    @Test
    void siteAsEdgeAppliesExactlyTheDownlinkAddressedToItAndCannotReadAnotherSites() throws Exception {
        String ok = "{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"%s\":{}}}";
        Map<String, DownlinkMessage> sent = new java.util.LinkedHashMap<>();
        sent.put("everyone", Downlinks.message(DownlinkKind.REFERENCE, Addressing.everyone(), ok.formatted("everyone")));
        sent.put("region", Downlinks.message(DownlinkKind.REFERENCE, Addressing.region("default"), ok.formatted("region")));
        sent.put("own", Downlinks.message(DownlinkKind.REFERENCE, Addressing.site(A), ok.formatted("own")));
        sent.put("b", Downlinks.message(DownlinkKind.REFERENCE, Addressing.site(B), ok.formatted("b")));
        sent.put("us", Downlinks.message(DownlinkKind.REFERENCE, Addressing.region("us-east"), ok.formatted("us")));
        // Published by the centre's super user; the topics of A's cloud and of its config kind do not exist yet.
        Downlinks.publish(centre.adminClientProperties(), sent.values().stream().map(Downlinks::producerRecord).toList());

        UplinkSettings d = UplinkSettings.defaults(A, Map.of(STREAM, PARTITIONS), "127.0.0.1:1", centre.bootstrapServers());
        LinkSettings s = new LinkSettings(A, d.region(), d.cloud(), d.coreBootstrapServers(), linkOfA(PASSWORD_A),
                Duration.ofMillis(300), Duration.ofSeconds(5));
        try (StateStore store = StateStore.open(dir.resolve("downlink-" + A), StateFamilies.all(Duration.ofDays(1)))) {
            DownlinkStatus status = new DownlinkStatus("down");
            ByteRateLimiter limiter = new ByteRateLimiter(0, System::nanoTime);
            DownlinkApplier applier = new DownlinkApplier(store, Downlinks.overrides(store, limiter, 0), status, A,
                    d.region(), d.cloud(), Downlinks.MAX_MESSAGE_BYTES);
            try (Downlink downlink = new Downlink(s, applier, status, Duration.ofMillis(500)).start()) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> status.total(DownlinkLedger.Outcome.APPLIED) >= 3);
                ReferenceTables tables = new ReferenceTables(store);
                assertThat(List.of("everyone", "region", "own")).allSatisfy(k -> assertThat(tables.get("t", k)).isPresent());
                assertThat(List.of("b", "us")).allSatisfy(k -> assertThat(tables.get("t", k)).isEmpty());
                assertThat(status.state()).isEqualTo("up");
                assertThat(status.lastError()).as("no authorization error: it reads only its own topics").isEmpty();
                assertThat(status.total(DownlinkLedger.Outcome.IGNORED) + status.total(DownlinkLedger.Outcome.REJECTED)).isZero();
            }
        }
        // And with its credentials it cannot read B's nor another region's messages at all.
        Map<String, Object> a = new HashMap<>(linkOfA(PASSWORD_A));
        a.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, centre.bootstrapServers());
        for (String topic : List.of(ControlTopics.of(DownlinkKind.REFERENCE, Addressing.site(B)),
                ControlTopics.of(DownlinkKind.REFERENCE, Addressing.region("us-east")))) {
            try (KafkaConsumer<byte[], byte[]> consumer = SyncFixture.consumer(a)) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as(topic)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void aWrongPasswordOrPlaintextNeverBringsTheLinkUpAndTheErrorNamesNoSecret() {
        String wrong = TlsMaterial.randomSecret();
        Uplink badPassword = startUplinkOfA(linkOfA(wrong));
        Uplink plaintext = startUplinkOfA(Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(badPassword.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("Authentication failed"));
            assertThat(plaintext.status().lastError()).isPresent();
        });
        assertThat(badPassword.status().state()).isEqualTo(LinkState.DOWN);
        assertThat(plaintext.status().state()).isEqualTo(LinkState.DOWN);
        assertThat(badPassword.status().lastError().orElseThrow()).doesNotContain(wrong);
    }

    private Admin localAdmin(UplinkSettings s) {
        Admin a = SyncFixture.admin(s.localBootstrapServers());
        localAdmins.add(a);
        return a;
    }
}
