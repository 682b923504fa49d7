package dev.edgesync.core.sites;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SiteRegistryTest {

    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-24T10:05:00Z");

    @Test
    void previewMergesCountsButChangesNothingUntilApplied() {
        SiteRegistry reg = new SiteRegistry();
        SiteActivity a = new SiteActivity();
        a.relayed("sales", "eu", "aws");
        a.relayed("sales", "eu", "aws");
        a.relayed("stock", "eu", "aws");

        List<SiteRecord> preview = reg.preview(Map.of("s1", a), T1);

        assertThat(reg.list()).isEmpty();
        assertThat(preview).containsExactly(new SiteRecord("s1", "eu", "aws", T1, Map.of("sales", 2L, "stock", 1L), 0));
        reg.apply(preview);
        assertThat(reg.get("s1")).contains(preview.get(0));
    }

    @Test
    void laterBatchesAddUpAndMoveLastSeen() {
        SiteRegistry reg = new SiteRegistry();
        SiteActivity first = new SiteActivity();
        first.relayed("sales", "eu", "aws");
        reg.apply(reg.preview(Map.of("s1", first), T1));
        SiteActivity second = new SiteActivity();
        second.relayed("sales", "eu-2", "gcp");
        second.deadLettered();
        reg.apply(reg.preview(Map.of("s1", second), T2));

        SiteRecord s = reg.get("s1").orElseThrow();
        assertThat(s.landed()).containsExactlyInAnyOrderEntriesOf(Map.of("sales", 2L));
        assertThat(s.deadLettered()).isEqualTo(1);
        assertThat(s.lastSeen()).isEqualTo(T2);
        assertThat(s.region()).isEqualTo("eu-2");
        assertThat(s.cloud()).isEqualTo("gcp");
    }

    @Test
    void aBatchWithOnlyDeadLettersDoesNotMoveLastSeen() {
        SiteRegistry reg = new SiteRegistry();
        SiteActivity ok = new SiteActivity();
        ok.relayed("sales", "eu", "aws");
        reg.apply(reg.preview(Map.of("s1", ok), T1));
        SiteActivity bad = new SiteActivity();
        bad.deadLettered();
        reg.apply(reg.preview(Map.of("s1", bad), T2));

        assertThat(reg.get("s1").orElseThrow().lastSeen()).isEqualTo(T1);
        assertThat(reg.get("s1").orElseThrow().region()).isEqualTo("eu");
    }

    @Test
    void listsSitesSortedAndReplaceAllForgetsTheRest() {
        SiteRegistry reg = new SiteRegistry();
        Map<String, SiteActivity> act = new TreeMap<>();
        for (String id : List.of("s3", "s1", "s2")) {
            SiteActivity a = new SiteActivity();
            a.relayed("sales", "eu", "aws");
            act.put(id, a);
        }
        reg.apply(reg.preview(act, T1));
        assertThat(reg.list()).extracting(SiteRecord::id).containsExactly("s1", "s2", "s3");

        reg.replaceAll(List.of(SiteRecord.empty("s9")));
        assertThat(reg.list()).extracting(SiteRecord::id).containsExactly("s9");
        assertThat(reg.get("s1")).isEmpty();
    }

    @Test
    void codecRoundTripsAndToleratesUnknownFields() {
        SiteRecord s = new SiteRecord("s1", "eu", "aws", T1, Map.of("sales", 5L, "stock", 7L), 2);
        assertThat(SiteCodec.decode(SiteCodec.encodeKey("s1"), SiteCodec.encodeValue(s))).isEqualTo(s);

        SiteRecord fresh = SiteRecord.empty("s2");
        assertThat(SiteCodec.decode(SiteCodec.encodeKey("s2"), SiteCodec.encodeValue(fresh))).isEqualTo(fresh);

        byte[] later = "{\"v\":1,\"region\":\"eu\",\"cloud\":\"aws\",\"lastSeenMs\":5,\"landed\":{\"a\":1},\"deadLettered\":0,\"backlog\":{}}"
                .getBytes();
        assertThat(SiteCodec.decode(SiteCodec.encodeKey("s3"), later).landed()).containsEntry("a", 1L);
    }

    @Test
    void codecRefusesUnknownVersionsAndGarbage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), "{\"v\":2}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), "nope".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SiteCodec.decode("s".getBytes(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
