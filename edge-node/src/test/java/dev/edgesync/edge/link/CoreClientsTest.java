package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CoreClientsTest {

    private final UplinkSettings settings = new UplinkSettings("store-1", "eu", "aws", Map.of("sales", 3),
            "127.0.0.1:9093", "core:9092",
            Map.of("security.protocol", "SASL_SSL", "transactional.id", "forged", "isolation.level", "read_uncommitted"),
            true, (short) -1, Duration.ofSeconds(2), 2000, Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofMillis(20), 524288, "zstd");

    @Test
    void producerIsTransactionalPerPartitionTunedAndFailsWithinSeconds() {
        Map<String, Object> c = new CoreClients(settings).producerConfig(new StreamPartition("sales", 2));
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
    void consumerReadsCommittedOnlyWithoutAGroupWhateverThePassThroughSays() {
        Map<String, Object> c = new CoreClients(settings).consumerConfig("resume");
        assertThat(c).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("default.api.timeout.ms", 10_000)
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("group.id");
    }
}
