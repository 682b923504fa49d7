package dev.edgesync.core.onboarding;

import dev.edgesync.core.sites.SiteDeclaration;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeConfigTemplateTest {

    private static final SiteDeclaration SITE = new SiteDeclaration("s1", "eu", "aws", Map.of("sales", 3), Instant.EPOCH);

    private static Properties load(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void withScramTheSettingsLogInOverTlsAndPointAtTheSecretFileWithoutHoldingIt() throws Exception {
        String text = EdgeConfigTemplate.render(SITE, "centre:9094", new EdgeConfigTemplate.Link(
                Map.of("ssl.truststore.location", "/etc/edge-node/centre-ca.crt"), true, "/etc/edge-node/link.secret"));
        assertThat(load(text)).containsEntry("edge.core.kafka.\"security.protocol\"", "SASL_SSL")
                .containsEntry("edge.core.kafka.\"sasl.mechanism\"", "SCRAM-SHA-512")
                .containsEntry("edge.core.kafka.\"ssl.truststore.location\"", "/etc/edge-node/centre-ca.crt")
                .containsEntry("edge.core.kafka-secrets-file", "/etc/edge-node/link.secret");
        assertThat(text).doesNotContain("jaas").doesNotContain("password");
    }

    @Test
    void withoutCredentialsOnlyTheExtraSettingsAreWritten() {
        String text = EdgeConfigTemplate.render(SITE, "centre:9094", new EdgeConfigTemplate.Link(Map.of(), false, "/x"));
        assertThat(text).doesNotContain("edge.core.kafka").doesNotContain("secrets-file");
    }

    @Test
    void theSecretFileLogsTheUserIn() throws Exception {
        assertThat(load(EdgeConfigTemplate.secrets("site-s1", "pw-123")).getProperty("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"site-s1\" password=\"pw-123\";");
        assertThat(EdgeConfigTemplate.isSecretOrReserved("sasl.jaas.config")).isTrue();
        assertThat(EdgeConfigTemplate.isSecretOrReserved("ssl.truststore.password")).isTrue();
        assertThat(EdgeConfigTemplate.isSecretOrReserved("ssl.truststore.location")).isFalse();
    }
}
