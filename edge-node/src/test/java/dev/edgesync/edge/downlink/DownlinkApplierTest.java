package dev.edgesync.edge.downlink;

import dev.edgesync.edge.downlink.DownlinkLedger.Outcome;
import dev.edgesync.edge.pipeline.process.EnrichStep;
import dev.edgesync.edge.pipeline.process.Events;
import dev.edgesync.edge.pipeline.process.PipelineEvent;
import dev.edgesync.edge.pipeline.process.Verdict;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.edge.sync.ByteRateLimiter;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.downlink.Addressing;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownlinkApplierTest {

    private static final TopicPartition REFERENCE = new TopicPartition("control.reference", 0);

    @TempDir
    Path dir;
    StateStore store;
    ByteRateLimiter limiter = new ByteRateLimiter(0, System::nanoTime);
    DownlinkApplier edge;
    ReferenceTables tables;
    long offset;

    @BeforeEach
    void open() {
        store = StateStore.open(dir.resolve("state"), StateFamilies.all(Duration.ofDays(1)));
        edge = Downlinks.applier(store, limiter, 0, "store-1", "eu", "aws");
        tables = new ReferenceTables(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Outcome apply(DownlinkKind kind, Addressing to, String json) {
        return edge.apply(Downlinks.record(Downlinks.message(kind, to, json), offset++));
    }

    private Outcome reference(String json) {
        return apply(DownlinkKind.REFERENCE, Addressing.everyone(), json);
    }

    @Test
    void upsertDeleteAndReplaceChangeTheTableAndMoveThePosition() {
        assertThat(reference("{\"table\":\"products\",\"op\":\"upsert\",\"rows\":{\"a\":{\"price\":1.10},\"b\":{\"price\":2}}}"))
                .isEqualTo(Outcome.APPLIED);
        assertThat(tables.get("products", "a").orElseThrow().get("price").decimalValue()).isEqualByComparingTo("1.10");
        assertThat(reference("{\"table\":\"products\",\"op\":\"delete\",\"keys\":[\"a\",\"never-there\"]}")).isEqualTo(Outcome.APPLIED);
        assertThat(tables.get("products", "a")).isEmpty();
        assertThat(tables.count("products")).isEqualTo(1);
        assertThat(reference("{\"table\":\"products\",\"op\":\"replace\",\"rows\":{\"c\":{\"n\":1},\"d\":{\"n\":2}}}"))
                .isEqualTo(Outcome.APPLIED);
        assertThat(tables.count("products")).isEqualTo(2);
        assertThat(tables.get("products", "b")).isEmpty();
        assertThat(edge.ledger().position(REFERENCE)).hasValue(3);
        assertThat(edge.ledger().count("reference", Outcome.APPLIED)).isEqualTo(3);
    }

    @Test
    void theEnrichProcessorSeesDownlinkedRows() {
        EnrichStep enrich = new EnrichStep(Optional.empty(), "store-1", "eu", "aws",
                List.of(new EnrichStep.Lookup("product", "products", "sku", "product", true)), tables);
        assertThat(enrich.apply(Events.data("{\"sku\":\"a\"}"))).isInstanceOf(Verdict.Reject.class);
        reference("{\"table\":\"products\",\"op\":\"upsert\",\"rows\":{\"a\":{\"name\":\"tea\"}}}");
        PipelineEvent e = Events.data("{\"sku\":\"a\"}");
        assertThat(enrich.apply(e)).isEqualTo(Verdict.CONTINUE);
        assertThat(Events.tree(e).get("product").get("name").asText()).isEqualTo("tea");
    }

    @Test
    void messagesForOtherSitesOnlyMoveThePosition() {
        String row = "{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"k\":{\"v\":1}}}";
        assertThat(apply(DownlinkKind.REFERENCE, Addressing.region("us"), row)).isEqualTo(Outcome.IGNORED);
        assertThat(apply(DownlinkKind.REFERENCE, Addressing.site("store-2"), row)).isEqualTo(Outcome.IGNORED);
        assertThat(apply(DownlinkKind.REFERENCE, Addressing.cloud("gcp"), row)).isEqualTo(Outcome.IGNORED);
        // In its own topic but for store-1 only while in region us: every part of the target must match.
        assertThat(apply(DownlinkKind.REFERENCE, new Addressing("store-1", "us", "*"), row)).isEqualTo(Outcome.IGNORED);
        assertThat(tables.hasRows("t")).isFalse();
        assertThat(apply(DownlinkKind.REFERENCE, new Addressing("store-1", "eu", "aws"), row)).isEqualTo(Outcome.APPLIED);
        assertThat(tables.get("t", "k")).isPresent();
        assertThat(edge.ledger().position(new TopicPartition("control.site.store-1.reference", 0))).hasValue(5);
        assertThat(edge.ledger().position(new TopicPartition("control.region.us.reference", 0))).hasValue(1);
        assertThat(edge.ledger().position(REFERENCE)).isEmpty();
        assertThat(edge.ledger().count("reference", Outcome.IGNORED)).isEqualTo(4);
    }

    @Test
    void malformedMessagesAreRejectedAndSkippedButANewerProtocolStopsWithoutWriting() {
        assertThat(reference("not json")).isEqualTo(Outcome.REJECTED);
        assertThat(reference("{\"table\":\"Bad.Name\",\"op\":\"upsert\",\"rows\":{\"k\":{}}}")).isEqualTo(Outcome.REJECTED);
        assertThat(reference("{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"k\":5}}")).isEqualTo(Outcome.REJECTED);
        assertThat(edge.ledger().position(REFERENCE)).hasValue(3);
        assertThat(edge.ledger().count("reference", Outcome.REJECTED)).isEqualTo(3);

        DownlinkMessage m = Downlinks.message(DownlinkKind.REFERENCE, Addressing.everyone(), "{}");
        ConsumerRecord<byte[], byte[]> newer = Downlinks.record(m, 3);
        newer.headers().remove(SyncHeaders.PROTOCOL_VERSION);
        newer.headers().add(SyncHeaders.PROTOCOL_VERSION, "9".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> edge.apply(newer)).isInstanceOf(DownlinkMessage.UnsupportedVersionException.class);
        assertThat(edge.ledger().position(REFERENCE)).as("not skipped").hasValue(3);
    }

    @Test
    void aConfigMessageSetsTheBandwidthCapRefusesUnsafeKeysAndHoldsAfterARestart() {
        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(),
                "{\"set\":{\"edge.sync.max-bytes-per-second\":65536,\"edge.site.id\":\"evil\"}}")).isEqualTo(Outcome.APPLIED);
        assertThat(limiter.rate()).isEqualTo(65536);
        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.data-dir\":\"/tmp\"}}"))
                .isEqualTo(Outcome.REJECTED);
        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":10}}"))
                .isEqualTo(Outcome.REJECTED);
        assertThat(limiter.rate()).isEqualTo(65536);

        // A restart with the same local configuration: the downlinked cap is back.
        ByteRateLimiter restarted = new ByteRateLimiter(0, System::nanoTime);
        assertThat(Downlinks.overrides(store, restarted, 0).restore()).containsEntry("edge.sync.max-bytes-per-second", "65536");
        assertThat(restarted.rate()).isEqualTo(65536);
        // The key edited locally since: the later local edit wins and the override is gone for good.
        ByteRateLimiter edited = new ByteRateLimiter(4096, System::nanoTime);
        assertThat(Downlinks.overrides(store, edited, 4096).restore()).isEmpty();
        assertThat(edited.rate()).isEqualTo(4096);
        assertThat(Downlinks.overrides(store, restarted, 0).restore()).isEmpty();
    }

    @Test
    void aNullSettingReturnsToTheLocalConfiguration() {
        apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":8192}}");
        assertThat(limiter.rate()).isEqualTo(8192);
        apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":null}}");
        assertThat(limiter.rate()).isZero();
        assertThat(Downlinks.overrides(store, new ByteRateLimiter(0, System::nanoTime), 0).restore()).isEmpty();
    }

    private DownlinkApplier applierWith(DownlinkStatus status, RuntimeOverrides overrides, int maxMessageBytes) {
        return new DownlinkApplier(store, overrides, status, "store-1", "eu", "aws", maxMessageBytes);
    }

    @Test
    void aCapBelowTheEdgesFloorIsRefusedAndAStoredOneIsDroppedWhenTheFloorRises() {
        DownlinkStatus status = new DownlinkStatus("up");
        edge = applierWith(status, Downlinks.overrides(store, limiter, 0, 65536), Downlinks.MAX_MESSAGE_BYTES);
        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":1024}}"))
                .as("the centre accepts 1024; this edge's floor is 64 KiB/s").isEqualTo(Outcome.REJECTED);
        assertThat(limiter.rate()).isZero();
        assertThat(status.lastRejection().orElseThrow()).satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INVALID);
            assertThat(r.detail()).contains("edge.sync.max-bytes-per-second=1024 is below this edge's floor"
                    + " edge.downlink.min-bytes-per-second=65536");
            assertThat(r.topic()).isEqualTo("control.config");
        });
        assertThat(status.refusedSettings()).isEqualTo(1);
        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}"))
                .isEqualTo(Outcome.APPLIED);
        assertThat(limiter.rate()).isEqualTo(65536);
        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":0}}"))
                .as("no cap is never a trickle").isEqualTo(Outcome.APPLIED);
        assertThat(limiter.rate()).isZero();
        apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":70000}}");

        // Kept at 70000; after a restart with the floor raised to 100000 the kept value no longer holds.
        ByteRateLimiter restarted = new ByteRateLimiter(0, System::nanoTime);
        assertThat(Downlinks.overrides(store, restarted, 0, 100_000).restore()).isEmpty();
        assertThat(restarted.rate()).isZero();
    }

    @Test
    void aReplaceThatWouldEmptyATableIsRefusedUnlessTheMessageSaysSo() {
        reference("{\"table\":\"prices\",\"op\":\"upsert\",\"rows\":{\"a\":{\"p\":1}}}");
        assertThat(reference("{\"table\":\"prices\",\"op\":\"replace\",\"rows\":{}}")).isEqualTo(Outcome.REJECTED);
        assertThat(tables.count("prices")).isEqualTo(1);
        assertThat(reference("{\"table\":\"prices\",\"op\":\"replace\",\"rows\":{},\"allowEmpty\":true}"))
                .isEqualTo(Outcome.APPLIED);
        assertThat(tables.count("prices")).isZero();
    }

    @Test
    void poisonMessagesAreRecordedAsRejectedWithTheirReasonAndTheNextOneIsApplied() {
        DownlinkStatus status = new DownlinkStatus("up");
        // A handler that throws: the bounds check of the only setting fails in a way nobody planned for.
        RuntimeOverrides broken = new RuntimeOverrides(store, java.util.Map.of("edge.sync.max-bytes-per-second",
                new RuntimeOverrides.Knob("0", v -> {
                    throw new IllegalStateException("knob broke");
                }, v -> limiter.setRate(Long.parseLong(v)))));
        edge = applierWith(status, broken, 4096);
        String ok = "{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"k\":{\"v\":1}}}";

        assertThat(apply(DownlinkKind.CONFIG, Addressing.everyone(), "{\"set\":{\"edge.sync.max-bytes-per-second\":65536}}"))
                .isEqualTo(Outcome.REJECTED);
        assertThat(status.lastRejection().orElseThrow().reason()).isEqualTo(RejectReason.FAILED);
        assertThat(status.lastRejection().orElseThrow().detail()).contains("knob broke");
        assertThat(reference(ok)).isEqualTo(Outcome.APPLIED);

        String big = "{\"table\":\"t\",\"op\":\"upsert\",\"rows\":{\"k\":{\"v\":\"" + "x".repeat(5000) + "\"}}}";
        assertThat(reference(big)).isEqualTo(Outcome.REJECTED);
        assertThat(status.lastRejection().orElseThrow().reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(status.lastRejection().orElseThrow().detail()).contains("edge.downlink.max-message-bytes=4096");

        assertThat(reference("{\"table\":\"t\",\"op\":" + "[".repeat(3000) + "}")).isEqualTo(Outcome.REJECTED);
        assertThat(status.lastRejection().orElseThrow().reason()).isEqualTo(RejectReason.MALFORMED);

        // A kind this edge does not know, in a topic it would not read: rejected, not fatal.
        DownlinkMessage m = Downlinks.message(DownlinkKind.REFERENCE, Addressing.everyone(), ok);
        ConsumerRecord<byte[], byte[]> unknownKind = new ConsumerRecord<>("control.alerts", 0, 0, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, m.payload().length, null, m.payload(), m.headers(),
                Optional.empty());
        assertThat(edge.apply(unknownKind)).isEqualTo(Outcome.REJECTED);
        assertThat(status.lastRejection().orElseThrow()).satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
            assertThat(r.id()).isEqualTo(m.id());
            assertThat(r.detail()).contains("control.alerts is not a downlink topic");
        });

        assertThat(reference(ok.replace("\"v\":1", "\"v\":2"))).isEqualTo(Outcome.APPLIED);
        assertThat(tables.get("t", "k").orElseThrow().get("v").asInt()).isEqualTo(2);
        assertThat(edge.ledger().position(REFERENCE)).as("every poison message moved the position").hasValue(offset);
        assertThat(edge.ledger().count("reference", Outcome.REJECTED)).isEqualTo(2);
        assertThat(status.rejected(RejectReason.FAILED)).isEqualTo(1);
        assertThat(status.rejected(RejectReason.OVERSIZED)).isEqualTo(1);
        assertThat(status.rejected(RejectReason.MALFORMED)).isEqualTo(2);
    }
}
