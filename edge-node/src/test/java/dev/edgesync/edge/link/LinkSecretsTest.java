package dev.edgesync.edge.link;

import dev.edgesync.edge.config.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LinkSecretsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"site-s1\" password=\"s3cr3t-pw\";";

    @TempDir
    Path dir;

    @Test
    void theFilesSettingsAreMergedOverTheConfiguredOnes() throws Exception {
        Path f = dir.resolve("centre-link.secret");
        Files.writeString(f, "# from onboarding\nsasl.jaas.config=" + JAAS + "\nsasl.mechanism=SCRAM-SHA-512\n");
        Map<String, String> m = LinkSecrets.merged(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"),
                Optional.of(f));
        assertThat(m).containsEntry("sasl.jaas.config", JAAS).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(LinkSecrets.problems(Optional.of(f))).isEmpty();
        assertThat(LinkSecrets.merged(Map.of("a", "b"), Optional.empty())).isEqualTo(Map.of("a", "b"));
    }

    @Test
    void theUplinkOfTheAppGetsTheFilesSettings() throws Exception {
        Path f = dir.resolve("centre-link.secret");
        Files.writeString(f, "sasl.jaas.config=" + JAAS + "\n");
        LinkSettings s = LinkSettings.from(TestConfigs.load(Map.of("edge.site.id", "s1",
                "edge.streams.sales.partitions", "1", "edge.core.bootstrap-servers", "centre:9094",
                "edge.core.kafka.\"security.protocol\"", "SASL_SSL", "edge.core.kafka-secrets-file", f.toString())));
        assertThat(s.coreKafka()).containsEntry("sasl.jaas.config", JAAS).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aMissingFileIsAProblemNamingTheKey() {
        assertThat(LinkSecrets.problems(Optional.of(dir.resolve("nope")))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("edge.core.kafka-secrets-file=").contains("not a readable file"));
        assertThat(LinkSecrets.problems(Optional.of(dir)).get(0)).contains("not a readable file");
        assertThat(LinkSecrets.problems(Optional.empty())).isEmpty();
    }
}
