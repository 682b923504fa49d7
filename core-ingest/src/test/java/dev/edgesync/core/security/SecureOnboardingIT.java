package dev.edgesync.core.security;

import dev.edgesync.protocol.SiteAccess;
import dev.edgesync.protocol.TopicNames;
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
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
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
 * once; the edge settings it returns log in and ship; repeating keeps the password; rotating replaces it.
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
            assertThat(acls).containsExactlyInAnyOrderElementsOf(SiteAccess.bindings("store-201", "User:site-store-201"));
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

    @Test
    void rotatingASiteNeverOnboardedIsNotFound() {
        given().contentType(ContentType.JSON).post("/v1/sites/store-299/credentials").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
