package dev.edgesync.core.sites;

import dev.edgesync.core.sites.PartitionProgress.PartitionKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteRegistryTest {

    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-24T10:05:00Z");
    private static final PartitionKey S1_SALES_0 = new PartitionKey("s1", "sales", 0);
    private static final PartitionKey S1_SALES_1 = new PartitionKey("s1", "sales", 1);
    private static final PartitionKey S1_STOCK_0 = new PartitionKey("s1", "stock", 0);

    private static PartitionActivity relayed(long fromOffset, int n, String region, String cloud) {
        PartitionActivity a = new PartitionActivity();
        for (int i = 0; i < n; i++) {
            a.relayed(fromOffset + i, region, cloud, 100 + fromOffset + i);
        }
        return a;
    }

    @Test
    void previewCountsPerPartitionButChangesNothingUntilApplied() {
        SiteRegistry reg = new SiteRegistry();
        Map<PartitionKey, PartitionActivity> batch = new TreeMap<>(Map.of(
                S1_SALES_0, relayed(0, 2, "eu", "aws"), S1_STOCK_0, relayed(0, 1, "eu", "aws")));

        List<PartitionProgress> preview = reg.preview(batch, T1);

        assertThat(reg.list()).isEmpty();
        assertThat(preview).containsExactly(
                new PartitionProgress("s1", "sales", 0, "eu", "aws", T1, 2, 0, 2, 101),
                new PartitionProgress("s1", "stock", 0, "eu", "aws", T1, 1, 0, 1, 100));
        reg.applyAll(preview);
        assertThat(reg.get("s1")).contains(new SiteRecord("s1", "eu", "aws", T1, Map.of("sales", 2L, "stock", 1L), 0));
    }

    @Test
    void partitionsAddUpPerStreamAndTheLatestPartitionGivesRegionAndLastSeen() {
        SiteRegistry reg = new SiteRegistry();
        reg.applyAll(reg.preview(Map.of(S1_SALES_0, relayed(0, 3, "eu", "aws")), T1));
        PartitionActivity second = relayed(0, 2, "eu-2", "gcp");
        second.deadLettered(2);
        reg.applyAll(reg.preview(Map.of(S1_SALES_1, second), T2));
        reg.applyAll(reg.preview(Map.of(S1_SALES_0, relayed(3, 1, "eu", "aws")), T1));

        SiteRecord s = reg.get("s1").orElseThrow();
        assertThat(s.landed()).containsExactlyInAnyOrderEntriesOf(Map.of("sales", 6L));
        assertThat(s.deadLettered()).isEqualTo(1);
        assertThat(s.lastSeen()).isEqualTo(T2);
        assertThat(s.region()).isEqualTo("eu-2");
        assertThat(s.cloud()).isEqualTo("gcp");
        assertThat(reg.partition(S1_SALES_0).orElseThrow().nextLandingOffset()).isEqualTo(4);
        assertThat(reg.partition(S1_SALES_1).orElseThrow().nextLandingOffset()).isEqualTo(3);
        assertThat(reg.partitions("s1")).extracting(PartitionProgress::key).containsExactly(S1_SALES_0, S1_SALES_1);
    }

    @Test
    void anOlderRecordReadLateDoesNotUndoANewerOne() {
        SiteRegistry reg = new SiteRegistry();
        PartitionProgress older = PartitionProgress.empty(S1_SALES_0).after(relayed(0, 5, "eu", "aws"), T1);
        PartitionProgress newer = older.after(relayed(5, 5, "eu", "aws"), T2);
        reg.apply(newer);
        reg.apply(older);
        assertThat(reg.partition(S1_SALES_0)).contains(newer);
        assertThat(reg.get("s1").orElseThrow().landed()).containsEntry("sales", 10L);
    }

    @Test
    void aBatchWithOnlyDeadLettersMovesTheWatermarkButNotLastSeen() {
        SiteRegistry reg = new SiteRegistry();
        reg.applyAll(reg.preview(Map.of(S1_SALES_0, relayed(0, 1, "eu", "aws")), T1));
        PartitionActivity bad = new PartitionActivity();
        bad.deadLettered(1);
        reg.applyAll(reg.preview(Map.of(S1_SALES_0, bad), T2));

        PartitionProgress p = reg.partition(S1_SALES_0).orElseThrow();
        assertThat(p.lastSeen()).isEqualTo(T1);
        assertThat(p.region()).isEqualTo("eu");
        assertThat(p.nextLandingOffset()).isEqualTo(2);
        assertThat(p.lastEdgeOffset()).isEqualTo(100);
    }

    @Test
    void legacyTotalsAndDeclarationsAreSitesToo() {
        SiteRegistry reg = new SiteRegistry();
        reg.apply(new LegacySiteTotals("s3", "eu", "aws", T1, Map.of("sales", 40L), 1));
        reg.apply(new SiteDeclaration("s2", "us", "gcp", Map.of("sales", 3), T1));
        reg.applyAll(reg.preview(Map.of(new PartitionKey("s3", "sales", 0), relayed(0, 2, "eu", "aws")), T2));

        assertThat(reg.list()).extracting(SiteRecord::id).containsExactly("s2", "s3");
        assertThat(reg.get("s3").orElseThrow().landed()).containsEntry("sales", 42L);
        assertThat(reg.get("s3").orElseThrow().deadLettered()).isEqualTo(1);
        SiteRecord declared = reg.get("s2").orElseThrow();
        assertThat(declared.region()).isEqualTo("us");
        assertThat(declared.lastSeen()).isNull();
        assertThat(declared.landedTotal()).isZero();

        reg.clear();
        assertThat(reg.list()).isEmpty();
    }

    @Test
    void theEarliestFirstRecordRegistrationInTheTopicRulesWhateverTheOrderItIsApplied() {
        SiteRegistration a = new SiteRegistration("s4", "eu-west", "aws", T1, "relay-a");
        SiteRegistration b = new SiteRegistration("s4", "us-east", "gcp", T1, "relay-b");
        SiteRegistry readerOne = new SiteRegistry();
        readerOne.apply(a, 10);
        readerOne.apply(b, 12);
        SiteRegistry readerTwo = new SiteRegistry();
        readerTwo.apply(b, 12);
        readerTwo.apply(a, 10);

        SiteLocation expected = new SiteLocation("eu-west", "aws", false);
        assertThat(readerOne.location("s4")).contains(expected);
        assertThat(readerTwo.location("s4")).contains(expected);
        assertThat(readerOne.get("s4").orElseThrow().region()).isEqualTo("eu-west");
        assertThat(new String(SiteCodec.key(a), StandardCharsets.UTF_8)).isEqualTo("r/s4/relay-a");

        // Onboarding (the operator's word) overrides a first-record registration.
        readerOne.apply(new SiteDeclaration("s4", "eu-north", "aws", Map.of("sales", 3), T2));
        assertThat(readerOne.location("s4")).contains(new SiteLocation("eu-north", "aws", true));
        assertThat(new SiteRegistry().location("s4")).isEmpty();
    }

    @Test
    void codecRoundTripsEveryRecordTypeAndToleratesUnknownFields() {
        List<RegistryEntry> entries = List.of(
                new PartitionProgress("s1", "sales", 2, "eu", "aws", T1, 5, 1, 9, 41),
                PartitionProgress.empty(S1_STOCK_0),
                new SiteDeclaration("s1", "eu", "aws", Map.of("sales", 3, "stock", 1), T2),
                new LegacySiteTotals("s1", "eu", "aws", T1, Map.of("sales", 5L), 2),
                new SiteRegistration("s1", "eu", "aws", T1, "core-ingest-relay-a"));
        for (RegistryEntry e : entries) {
            assertThat(SiteCodec.decode(SiteCodec.key(e), SiteCodec.value(e))).isEqualTo(e);
        }
        assertThat(new String(SiteCodec.key(entries.get(0)), StandardCharsets.UTF_8)).isEqualTo("p/s1/sales/2");

        byte[] later = ("{\"v\":2,\"type\":\"partition\",\"site\":\"s1\",\"stream\":\"a\",\"partition\":0,\"landed\":3,"
                + "\"nextLandingOffset\":3,\"futureField\":{}}").getBytes(StandardCharsets.UTF_8);
        assertThat(((PartitionProgress) SiteCodec.decode("p/s1/a/0".getBytes(), later)).landed()).isEqualTo(3);
    }

    @Test
    void codecRefusesUnknownVersionsTypesAndGarbage() {
        assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), "{\"v\":3}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 3");
        assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), "{\"v\":2,\"type\":\"x\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 'x'");
        assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), "{\"v\":2,\"type\":\"partition\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'site'");
        assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), "nope".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
