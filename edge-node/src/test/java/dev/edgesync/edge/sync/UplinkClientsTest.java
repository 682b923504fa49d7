package dev.edgesync.edge.sync;

import dev.edgesync.edge.link.LinkSettings;
import dev.edgesync.edge.stream.StreamPartition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UplinkClientsTest {

    private final UplinkSettings settings = new UplinkSettings(new LinkSettings("store-1", "eu", "aws", "core:9092",
            Map.of("security.protocol", "SASL_SSL", "transactional.id", "forged", "isolation.level", "read_uncommitted"),
            Duration.ofSeconds(2), Duration.ofSeconds(10)), Map.of("sales", 3), "127.0.0.1:9093",
            true, (short) -1, 2000, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(20), 524288, "zstd");

    @Test
    void producerIsTransactionalPerPartitionTunedAndFailsWithinSeconds() {
        Map<String, Object> c = new UplinkClients(settings).producerConfig(new StreamPartition("sales", 2));
        assertThat(c).containsEntry("transactional.id", "edge-store-1-sales-2")
                .containsEntry("transaction.timeout.ms", 30_000)
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "zstd")
                .containsEntry("linger.ms", 20)
                .containsEntry("batch.size", 524288)
                .containsEntry("max.block.ms", 10_000L)
                .containsEntry("request.timeout.ms", 10_000)
                .containsEntry("delivery.timeout.ms", 20_020)
                .containsEntry("bootstrap.servers", "core:9092")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void uplinkSettingsNeverPrintTheirLinkSecrets() {
        UplinkSettings d = UplinkSettings.defaults("s1", Map.of("sales", 1), "l:1", "c:2");
        UplinkSettings s = d.withLink(new LinkSettings("s1", d.region(), d.cloud(), d.coreBootstrapServers(),
                Map.of("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"site-s1\" password=\"s3cr3t-pw\";"), Duration.ofSeconds(1), Duration.ofSeconds(10)));
        assertThat(s.toString()).contains("sasl.jaas.config").doesNotContain("s3cr3t-pw");
        assertThat(s.link().toString()).contains("sasl.jaas.config").doesNotContain("s3cr3t-pw");
    }
}
