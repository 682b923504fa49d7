package dev.edgesync.edge.link;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CoreClientsTest {

    static final LinkSettings SETTINGS = new LinkSettings("store-1", "eu", "aws", "core:9092",
            Map.of("security.protocol", "SASL_SSL", "transactional.id", "forged", "isolation.level", "read_uncommitted"),
            Duration.ofSeconds(2), Duration.ofSeconds(10));

    @Test
    void consumerReadsCommittedOnlyWithoutAGroupWhateverThePassThroughSays() {
        Map<String, Object> c = new CoreClients(SETTINGS).consumerConfig("resume");
        assertThat(c).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("default.api.timeout.ms", 10_000)
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("group.id");
    }
}
