package dev.edgesync.core.security;

import dev.edgesync.core.onboarding.SiteQuotas;
import dev.edgesync.protocol.SiteAccess;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Onboarding on a secured centre: {@code POST /v1/sites} makes the site's user and ACLs and hands out the password
 * once; the edge settings it returns log in and ship; repeating keeps the password; rotating replaces it; a site reads
 * only the downlink messages that can address it.
 */
@QuarkusTest
@WithTestResource(SecuredCentreResource.class)
class SecureOnboardingIT {

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(String.valueOf(r.getMessage()) + " " + java.util.Arrays.toString(r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static ExtractableResponse<Response> onboard(String body, int status) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/sites").then().statusCode(status).extract();
    }

    private static Properties properties(String text) {
        return SiteLink.properties(text);
    }

    private static Map<String, Object> edgeLink(String edgeConfig, String secrets) {
        return SiteLink.of(edgeConfig, secrets);
    }

    /** Ships one record in a transaction with the site's own transactional id, as the uplink does. */
    private static void ship(Map<String, Object> link, String site, String value) throws Exception {
        Map<String, Object> c = new HashMap<>(link);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SiteAccess.transactionalIdPrefix(site) + "sales-0");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TopicNames.landing(site, "sales"), 0, null, value.getBytes())).get(20, TimeUnit.SECONDS);
            p.commitTransaction();
        }
    }

    /** The committed values of the site's landing partition, read as a super user until {@code n} are there (20 s at most). */
    private static List<String> landed(String site, int n) {
        Map<String, Object> c = new HashMap<>(SecuredCentreResource.broker().adminClientProperties());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(TopicNames.landing(site, "sales"), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // A commit returns before its markers are written: wait for them rather than read to a stale end.
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.value()));
                }
            }
        }
        return out;
    }

    @Test
    void onboardingMakesAUserWithTheSitesAclsAndItsSettingsShip() throws Exception {
        ExtractableResponse<Response> first = onboard("{\"id\":\"store-201\",\"streams\":{\"sales\":1}}", 201);
        assertThat(first.header("Cache-Control")).isEqualTo("no-store");
        String edgeConfig = first.jsonPath().getString("edgeConfig");
        String secrets = first.jsonPath().getString("edgeSecrets");
        assertThat(first.jsonPath().getString("user")).isEqualTo("site-store-201");
        assertThat(properties(edgeConfig))
                .containsEntry("edge.core.bootstrap-servers", SecuredCentreResource.broker().bootstrapServers())
                .containsEntry("edge.core.kafka.\"security.protocol\"", "SASL_SSL")
                .containsEntry("edge.core.kafka.\"sasl.mechanism\"", "SCRAM-SHA-512")
                .containsEntry("edge.core.kafka.\"ssl.truststore.type\"", "PEM")
                .containsEntry("edge.core.kafka-secrets-file", "/etc/edge-node/centre-link.secret");
        String password = SiteLink.password(secrets);
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        assertThat(edgeConfig).doesNotContain(password).doesNotContain("jaas");

        try (Admin admin = Admin.create(SecuredCentreResource.broker().adminClientProperties())) {
            List<AclBinding> acls = new ArrayList<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            acls.removeIf(b -> !b.entry().principal().equals("User:site-store-201"));
            assertThat(acls).containsExactlyInAnyOrderElementsOf(SiteAccess.bindings("store-201", "default", "default",
                    "User:site-store-201"));
        }
        Map<String, Object> link = edgeLink(edgeConfig, secrets);
        ship(link, "store-201", "first");
        assertThat(landed("store-201", 1)).containsExactly("first");

        // Repeating onboarding keeps the password the box runs with, and hands out no secret.
        ExtractableResponse<Response> again = onboard("{\"id\":\"store-201\",\"streams\":{\"sales\":1}}", 200);
        assertThat(again.jsonPath().getString("edgeSecrets")).isNull();
        assertThat(again.header("Cache-Control")).isNull();
        ship(link, "store-201", "second");

        // Rotation: a new password, answered once; the old one no longer logs in.
        ExtractableResponse<Response> rotated = given().contentType(ContentType.JSON).post("/v1/sites/store-201/credentials").then().statusCode(200)
                .extract();
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        String newSecrets = rotated.jsonPath().getString("edgeSecrets");
        assertThat(newSecrets).doesNotContain(password);
        ship(edgeLink(edgeConfig, newSecrets), "store-201", "third");
        assertThatThrownBy(() -> ship(link, "store-201", "with the old password"))
                .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SaslAuthenticationException.class));
        assertThat(landed("store-201", 3)).containsExactly("first", "second", "third");

        String newPassword = SiteLink.password(newSecrets);
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(password) || l.contains(newPassword));
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    @Test
    void aSiteWhoseIdIsAPrefixOfAnothersCannotUseItsTransactionalIds() throws Exception {
        ExtractableResponse<Response> longer = onboard("{\"id\":\"store-3-a\",\"streams\":{\"sales\":1}}", 201);
        ExtractableResponse<Response> shorter = onboard("{\"id\":\"store-3\",\"streams\":{\"sales\":1}}", 201);
        Map<String, Object> link = edgeLink(shorter.jsonPath().getString("edgeConfig"), shorter.jsonPath().getString("edgeSecrets"));
        ship(link, "store-3", "own");
        // edge-store-3- also matches store-3-a's ids; without the denial store-3 could fence store-3-a's uplink.
        Map<String, Object> c = new HashMap<>(link);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SiteAccess.transactionalIdPrefix("store-3-a") + "sales-0");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(p::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        ship(edgeLink(longer.jsonPath().getString("edgeConfig"), longer.jsonPath().getString("edgeSecrets")), "store-3-a", "theirs");
        assertThat(landed("store-3-a", 1)).containsExactly("theirs");
    }

    /** Publishes a downlink message (a one-row upsert to {@code table}) to {@code targetJson}; returns its topic. */
    private static String downlink(String targetJson, String table) {
        return given().contentType(ContentType.JSON).body("{\"target\":" + targetJson + ",\"payload\":{\"table\":\""
                + table + "\",\"op\":\"upsert\",\"rows\":{\"k\":{\"v\":1}}}}").post("/v1/downlink/reference")
                .then().statusCode(202).extract().path("topic");
    }

    /** The tables of every message in {@code topic}, read with {@code link} as an edge does (assigned, from the start). */
    private static List<String> readAsSite(Map<String, Object> link, String topic) {
        Map<String, Object> c = withoutProducerKeys(link);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    DownlinkMessage m = DownlinkMessage.decode(r.topic(), r.headers(), r.value());
                    out.add(new String(m.payload()).replaceAll(".*\"table\":\"([^\"]+)\".*", "$1"));
                }
            }
        }
        return out;
    }

    /**
     * A site with valid credentials cannot route into another region: its records claiming another region go to the
     * DLQ (never to that region's topic, and no topic is made); onboarding made its region's topic and set its quota.
     */
    @Test
    void aSiteCannotRouteIntoAnotherRegionAndOnboardingGaveItsRegionsTopicAndItsQuota() throws Exception {
        ExtractableResponse<Response> r = onboard("{\"id\":\"store-411\",\"region\":\"eu-north\",\"streams\":{\"sales\":1}}", 201);
        assertThat(r.jsonPath().getList("createdTopics", String.class)).contains("analytics.eu-north.sales");
        try (Admin admin = Admin.create(SecuredCentreResource.broker().adminClientProperties())) {
            ClientQuotaFilter user = ClientQuotaFilter.containsOnly(List.of(
                    ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "site-store-411")));
            Map<ClientQuotaEntity, Map<String, Double>> quotas = admin.describeClientQuotas(user).entities().get(30, TimeUnit.SECONDS);
            assertThat(quotas).containsEntry(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "site-store-411")),
                    Map.of(SiteQuotas.PRODUCER_BYTE_RATE, (double) SecuredCentreResource.PRODUCER_BYTE_RATE));
        }
        Set<String> before = topics();

        Map<String, Object> link = edgeLink(r.jsonPath().getString("edgeConfig"), r.jsonPath().getString("edgeSecrets"));
        shipClaiming(link, "store-411", "eu-north", List.of("home-1", "home-2", "home-3"));
        shipClaiming(link, "store-411", "us-west", List.of("away-1", "away-2"));

        assertThat(committed("analytics.eu-north.sales", 3)).containsExactly("home-1", "home-2", "home-3");
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dead.size() < 2 && System.nanoTime() < deadline) {
            dead = readCommitted("core.dlq").stream()
                    .filter(d -> new String(d.headers().lastHeader("dlq_source_topic").value()).equals("landing.store-411.sales"))
                    .toList();
        }
        assertThat(dead).extracting(d -> new String(d.value())).containsExactly("away-1", "away-2");
        assertThat(dead).allSatisfy(d -> assertThat(new String(d.headers().lastHeader("dlq_reason").value()))
                .startsWith("region-mismatch:"));
        assertThat(topics()).as("nothing made from data").isEqualTo(before).doesNotContain("analytics.us-west.sales");
    }

    private static Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(SecuredCentreResource.broker().adminClientProperties())) {
            return new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    /** Ships records as the uplink does, with the contract's headers, claiming {@code region}. */
    private static void shipClaiming(Map<String, Object> link, String site, String region, List<String> values) throws Exception {
        Map<String, Object> c = new HashMap<>(link);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SiteAccess.transactionalIdPrefix(site) + "sales-0");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (String v : values) {
                RecordHeaders h = new RecordHeaders();
                h.add(SyncHeaders.EDGE_SITE, site.getBytes());
                h.add(SyncHeaders.EDGE_REGION, region.getBytes());
                h.add(SyncHeaders.EDGE_CLOUD, "default".getBytes());
                h.add(SyncHeaders.EDGE_OFFSET, "0".getBytes());
                h.add(SyncHeaders.PROTOCOL_VERSION, "1".getBytes());
                p.send(new ProducerRecord<>(TopicNames.landing(site, "sales"), 0, (byte[]) null, v.getBytes(), h)).get(20, TimeUnit.SECONDS);
            }
            p.commitTransaction();
        }
    }

    /** The committed values of a topic, read as a super user until {@code n} are there (30 s at most). */
    private static List<String> committed(String topic, int n) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < n && System.nanoTime() < deadline) {
            out = readCommitted(topic).stream().map(x -> new String(x.value())).toList();
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> c = new HashMap<>(SecuredCentreResource.broker().adminClientProperties());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void aSiteWithValidCredentialsReadsOnlyTheDownlinkThatCanAddressIt() throws Exception {
        ExtractableResponse<Response> a = onboard("{\"id\":\"store-401\",\"region\":\"eu-west\",\"cloud\":\"aws\","
                + "\"streams\":{\"sales\":1}}", 201);
        onboard("{\"id\":\"store-402\",\"region\":\"us-east\",\"cloud\":\"aws\",\"streams\":{\"sales\":1}}", 201);
        Map<String, Object> link = edgeLink(a.jsonPath().getString("edgeConfig"), a.jsonPath().getString("edgeSecrets"));
        // Onboarding created every topic that can address store-401: its edge finds them before any message.
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(withoutProducerKeys(link), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            assertThat(consumer.listTopics(Duration.ofSeconds(20)).keySet()).filteredOn(t -> t.startsWith("control."))
                    .containsExactlyInAnyOrderElementsOf(ControlTopics.readableBy("store-401", "eu-west", "aws"));
        }

        Map<String, String> readable = new java.util.LinkedHashMap<>();
        readable.put(downlink("\"*\"", "everyone"), "everyone");
        readable.put(downlink("{\"region\":\"eu-west\"}", "eu-west"), "eu-west");
        readable.put(downlink("{\"cloud\":\"aws\"}", "aws"), "aws");
        readable.put(downlink("{\"region\":\"eu-west\",\"cloud\":\"aws\"}", "eu-west-aws"), "eu-west-aws");
        readable.put(downlink("{\"site\":\"store-401\"}", "own"), "own");
        List<String> forOthers = List.of(downlink("{\"site\":\"store-402\"}", "store-402"),
                downlink("{\"region\":\"us-east\"}", "us-east"),
                downlink("{\"region\":\"us-east\",\"cloud\":\"aws\"}", "us-east-aws"),
                downlink("{\"region\":\"eu-west\",\"cloud\":\"gcp\"}", "eu-west-gcp"),
                downlink("{\"cloud\":\"gcp\"}", "gcp"));
        readable.forEach((topic, table) -> assertThat(readAsSite(link, topic)).as(topic).containsExactly(table));
        for (String topic : forOthers) {
            assertThatThrownBy(() -> readAsSite(link, topic)).as(topic).isInstanceOf(TopicAuthorizationException.class);
        }

        // The prefixed control. grant of earlier versions, and the grants of a region the site has left, are revoked
        // when it is onboarded again (an upgrade, or a move to another region).
        try (Admin admin = Admin.create(SecuredCentreResource.broker().adminClientProperties())) {
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "control.", PatternType.PREFIXED),
                    new AccessControlEntry("User:site-store-401", "*", AclOperation.READ, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        assertThat(readAsSite(link, forOthers.get(0))).as("the legacy grant reads everything").containsExactly("store-402");
        onboard("{\"id\":\"store-401\",\"region\":\"eu-north\",\"cloud\":\"aws\",\"streams\":{\"sales\":1}}", 200);
        for (String topic : List.of(forOthers.get(0), "control.region.eu-west.reference")) {
            assertThatThrownBy(() -> readAsSite(link, topic)).as(topic).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(readAsSite(link, downlink("{\"region\":\"eu-north\"}", "eu-north"))).containsExactly("eu-north");
    }

    private static Map<String, Object> withoutProducerKeys(Map<String, Object> link) {
        Map<String, Object> c = new HashMap<>(link);
        c.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        return c;
    }

    @Test
    void rotatingASiteNeverOnboardedIsNotFound() {
        given().contentType(ContentType.JSON).post("/v1/sites/store-299/credentials").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
