package dev.edgesync.edge.admission;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.IngestConfig;
import dev.edgesync.edge.config.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionSettingsTest {

    private static final long HEAP_256M = 256L << 20;

    @Test
    void theDefaultBudgetIsAQuarterOfTheHeapAndHoldsOneLargestRequestOfTheLauncher() {
        IngestConfig ingest = load(Map.of()).ingest();
        assertThat(AdmissionSettings.budget(ingest, HEAP_256M)).isEqualTo(64L << 20);
        assertThat(AdmissionSettings.problems(ingest, HEAP_256M)).isEmpty();
    }

    @Test
    void aBudgetThatCannotHoldOneRequestOfMaxBodyBytesStopsStartupNamingTheKey() {
        IngestConfig ingest = load(Map.of("edge.ingest.max-inflight-bytes", "1000000")).ingest();
        assertThat(AdmissionSettings.problems(ingest, HEAP_256M)).singleElement().asString()
                .startsWith("edge.ingest.max-inflight-bytes=1000000 must be at least " + IngestCost.of(1_048_576))
                .contains("edge.ingest.max-body-bytes");
    }

    @Test
    void aHeapTooSmallForTheDefaultBudgetIsNamedToo() {
        IngestConfig ingest = load(Map.of()).ingest();
        assertThat(AdmissionSettings.problems(ingest, 64L << 20)).singleElement().asString()
                .startsWith("edge.ingest.max-inflight-bytes (not set: a quarter of the max heap of 64 MiB");
    }

    @Test
    void aBodyTimeoutUnderASecondIsRefused() {
        IngestConfig ingest = load(Map.of("edge.ingest.body-timeout", "500ms")).ingest();
        assertThat(AdmissionSettings.problems(ingest, HEAP_256M)).singleElement().asString()
                .startsWith("edge.ingest.body-timeout=");
    }

    private static EdgeConfig load(Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(Map.of("edge.site.id", "store-042", "edge.streams.sales.partitions", "3",
                "edge.api.auth", "none"));
        p.putAll(overrides);
        return TestConfigs.load(p);
    }
}
