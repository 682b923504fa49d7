package dev.edgesync.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A secured broker lets a SCRAM user do what its ACLs allow and nothing else, and refuses everyone else. */
class SecuredBrokerIT {

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static BrokerSecurity security;

    @BeforeAll
    static void start() throws Exception {
        security = BrokerSecurity.scramOverTls(TlsMaterial.selfSigned(dir, "127.0.0.1"));
        broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("data")).secured(security).build().start();
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic("a.data", 1, (short) 1), new NewTopic("b.data", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            BrokerSecurity.upsertScramUser(admin, "alice", "alice-secret");
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "a.", PatternType.PREFIXED),
                    new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> c = new HashMap<>(settings);
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    }

    private static Throwable sendFails(Map<String, Object> settings, String topic) {
        try (KafkaProducer<String, String> p = producer(settings)) {
            p.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS);
            throw new AssertionError("send to " + topic + " was accepted");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void aUserWritesWhereItsAclsAllowAndIsRefusedElsewhere() throws Exception {
        try (KafkaProducer<String, String> p = producer(security.scramClientSettings("alice", "alice-secret"))) {
            assertThat(p.send(new ProducerRecord<>("a.data", "k", "v")).get(20, TimeUnit.SECONDS).offset()).isZero();
        }
        assertThat(sendFails(security.scramClientSettings("alice", "alice-secret"), "b.data"))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() {
        assertThat(sendFails(security.scramClientSettings("alice", "not-her-password"), "a.data"))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThat(sendFails(security.scramClientSettings("mallory", "alice-secret"), "a.data"))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void plaintextOrAnUntrustedCertificateGetsNowhere() {
        // A plaintext client never completes a request against the TLS port: it times out, nothing is written.
        assertThat(sendFails(Map.of(), "a.data")).isInstanceOf(TimeoutException.class);
        Map<String, Object> noTrust = new HashMap<>(security.scramClientSettings("alice", "alice-secret"));
        noTrust.remove("ssl.truststore.type");
        noTrust.remove("ssl.truststore.location");
        assertThat(sendFails(noTrust, "a.data")).isInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void theInternalListenerWantsTheAdministratorsPassword() {
        Map<String, Object> wrong = new HashMap<>(broker.adminClientProperties());
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + BrokerSecurity.ADMIN_USER + "\" password=\"guess\";");
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
