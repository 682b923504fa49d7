package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.sites.SiteLocation;
import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class LandingRouterTest {

    private final LandingRouter router = new LandingRouter();
    private final List<String> asked = new ArrayList<>();

    private final java.util.Set<String> missingTopics = new java.util.HashSet<>();

    private OptionalInt partitionsOf(String topic) {
        asked.add(topic);
        return missingTopics.contains(topic) ? OptionalInt.empty() : OptionalInt.of(3);
    }

    /** store-1 is registered in eu-west/aws, as its records claim; store-9 is not registered. */
    private static Optional<SiteLocation> location(String site) {
        return site.equals("store-9") ? Optional.empty() : Optional.of(new SiteLocation("eu-west", "aws", true));
    }

    private static RecordHeaders edgeHeaders(String site) {
        RecordHeaders h = new RecordHeaders();
        h.add(SyncHeaders.CE_ID, utf8("e-1"));
        h.add(SyncHeaders.CE_SOURCE, utf8("/pos/1"));
        h.add(SyncHeaders.CONTENT_TYPE, utf8("application/json"));
        if (site != null) {
            h.add(SyncHeaders.EDGE_SITE, utf8(site));
        }
        h.add(SyncHeaders.EDGE_REGION, utf8("eu-west"));
        h.add(SyncHeaders.EDGE_CLOUD, utf8("aws"));
        h.add(SyncHeaders.EDGE_OFFSET, utf8("41"));
        h.add(SyncHeaders.PROTOCOL_VERSION, utf8("1"));
        return h;
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, partition, 17L, 1_700_000_000_000L, TimestampType.CREATE_TIME, 1, 5,
                utf8("key-1"), utf8("{\"amount\":3}"), headers, Optional.empty());
    }

    @Test
    void relaysToTheStreamsAnalyticsTopicWithEverythingKeptAndRouterHeadersAdded() {
        LandingRouter.Outcome o = router.route(record("landing.store-1.sales", 2, edgeHeaders("store-1")), LandingRouterTest::location, this::partitionsOf);

        assertThat(o).isInstanceOf(LandingRouter.Relayed.class);
        LandingRouter.Relayed r = (LandingRouter.Relayed) o;
        ProducerRecord<byte[], byte[]> out = r.record();
        assertThat(out.topic()).isEqualTo("analytics.sales");
        assertThat(out.partition()).isEqualTo(2);
        assertThat(out.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(out.key()).isEqualTo(utf8("key-1"));
        assertThat(out.value()).isEqualTo(utf8("{\"amount\":3}"));
        assertThat(header(out, SyncHeaders.CE_ID)).isEqualTo("e-1");
        assertThat(header(out, SyncHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(header(out, SyncHeaders.EDGE_OFFSET)).isEqualTo("41");
        assertThat(header(out, SyncHeaders.ROUTE_SITE)).isEqualTo("store-1");
        assertThat(header(out, SyncHeaders.ROUTE_REGION)).isEqualTo("eu-west");
        assertThat(header(out, SyncHeaders.ROUTE_CLOUD)).isEqualTo("aws");
        assertThat(r.site()).isEqualTo("store-1");
        assertThat(r.stream()).isEqualTo("sales");
        assertThat(asked).containsExactly("analytics.sales");
    }

    @Test
    void replacesRouterHeadersAnEdgeTriedToSet() {
        RecordHeaders h = edgeHeaders("store-1");
        h.add(SyncHeaders.ROUTE_SITE, utf8("store-2"));
        h.add(SyncHeaders.ROUTE_REGION, utf8("elsewhere"));
        ProducerRecord<byte[], byte[]> out = router.route(record("landing.store-1.sales", 0, h), LandingRouterTest::location, this::partitionsOf).record();

        assertThat(values(out, SyncHeaders.ROUTE_SITE)).containsExactly("store-1");
        assertThat(values(out, SyncHeaders.ROUTE_REGION)).containsExactly("eu-west");
    }

    @Test
    void aSiteSpeakingForAnotherGoesToTheDlq() {
        assertDead(record("landing.store-1.sales", 1, edgeHeaders("store-2")), "site-mismatch", "store-1");
    }

    @Test
    void aRecordWithoutSiteGoesToTheDlq() {
        assertDead(record("landing.store-1.sales", 1, edgeHeaders(null)), "missing-site", "store-1");
    }

    @Test
    void unsupportedMissingOrGarbledProtocolVersionsGoToTheDlq() {
        RecordHeaders future = edgeHeaders("store-1");
        future.remove(SyncHeaders.PROTOCOL_VERSION);
        future.add(SyncHeaders.PROTOCOL_VERSION, utf8("99"));
        assertDead(record("landing.store-1.sales", 0, future), "unsupported-protocol-version", "store-1");

        RecordHeaders zero = edgeHeaders("store-1");
        zero.remove(SyncHeaders.PROTOCOL_VERSION);
        zero.add(SyncHeaders.PROTOCOL_VERSION, utf8("0"));
        assertDead(record("landing.store-1.sales", 0, zero), "unsupported-protocol-version", "store-1");

        RecordHeaders garbled = edgeHeaders("store-1");
        garbled.remove(SyncHeaders.PROTOCOL_VERSION);
        garbled.add(SyncHeaders.PROTOCOL_VERSION, utf8("v1"));
        assertDead(record("landing.store-1.sales", 0, garbled), "bad-protocol-version", "store-1");

        RecordHeaders none = edgeHeaders("store-1");
        none.remove(SyncHeaders.PROTOCOL_VERSION);
        assertDead(record("landing.store-1.sales", 0, none), "missing-protocol-version", "store-1");
    }

    @Test
    void missingRegionOrCloudGoesToTheDlq() {
        RecordHeaders noRegion = edgeHeaders("store-1");
        noRegion.remove(SyncHeaders.EDGE_REGION);
        assertDead(record("landing.store-1.sales", 0, noRegion), "missing-region", "store-1");
        RecordHeaders noCloud = edgeHeaders("store-1");
        noCloud.remove(SyncHeaders.EDGE_CLOUD);
        assertDead(record("landing.store-1.sales", 0, noCloud), "missing-cloud", "store-1");
    }

    @Test
    void aSitesInternalTopicIsNeverRelayed() {
        assertDead(record("landing.store-1._checkpoints", 0, edgeHeaders("store-1")), "not-a-landing-topic", null);
    }

    private final LandingRouter perRegion = new LandingRouter(new StreamRouting(Map.of("sales", StreamRouting.Mode.PER_REGION,
            "stock", StreamRouting.Mode.HEADERS)));

    @Test
    void aPerRegionStreamGoesToItsRegionsTopicWithRouterHeaders() {
        LandingRouter.Outcome o = perRegion.route(record("landing.store-1.sales", 1, edgeHeaders("store-1")), LandingRouterTest::location, this::partitionsOf);

        assertThat(o).isInstanceOf(LandingRouter.Relayed.class);
        ProducerRecord<byte[], byte[]> out = o.record();
        assertThat(out.topic()).isEqualTo("analytics.eu-west.sales");
        assertThat(out.partition()).isEqualTo(1);
        assertThat(out.value()).isEqualTo(utf8("{\"amount\":3}"));
        assertThat(header(out, SyncHeaders.ROUTE_SITE)).isEqualTo("store-1");
        assertThat(header(out, SyncHeaders.ROUTE_REGION)).isEqualTo("eu-west");
        assertThat(header(out, SyncHeaders.CE_ID)).isEqualTo("e-1");
        assertThat(asked).containsExactly("analytics.eu-west.sales");
    }

    @Test
    void headersStreamsAndUndeclaredStreamsKeepTheSharedTopicNextToAPerRegionStream() {
        assertThat(perRegion.route(record("landing.store-1.stock", 0, edgeHeaders("store-1")), LandingRouterTest::location, this::partitionsOf).record().topic())
                .isEqualTo("analytics.stock");
        assertThat(perRegion.route(record("landing.store-1.returns", 0, edgeHeaders("store-1")), LandingRouterTest::location, this::partitionsOf).record().topic())
                .isEqualTo("analytics.returns");
    }

    @Test
    void aRegionOrCloudThatIsNotAValidIdGoesToTheDlqWhateverTheRouting() {
        for (String bad : List.of("EU_West", "eu.west", "-eu", "eu west", "x".repeat(64))) {
            RecordHeaders h = edgeHeaders("store-1");
            h.remove(SyncHeaders.EDGE_REGION);
            h.add(SyncHeaders.EDGE_REGION, utf8(bad));
            for (String topic : List.of("landing.store-1.sales", "landing.store-1.stock")) {
                LandingRouter.Outcome o = perRegion.route(record(topic, 0, h), LandingRouterTest::location, this::partitionsOf);
                assertThat(o).as("region %s", bad).isInstanceOf(LandingRouter.DeadLettered.class);
                assertThat(((LandingRouter.DeadLettered) o).reason()).startsWith("bad-region:").contains(bad);
                assertThat(o.record().topic()).isEqualTo(CoreTopics.DLQ);
                assertThat(header(o.record(), LandingRouter.DLQ_REASON)).startsWith("bad-region:");
            }
        }
        RecordHeaders h = edgeHeaders("store-1");
        h.remove(SyncHeaders.EDGE_CLOUD);
        h.add(SyncHeaders.EDGE_CLOUD, utf8("AWS"));
        assertDead(record("landing.store-1.sales", 0, h), "bad-cloud", "store-1");
        assertThat(asked).isEmpty();
    }

    @Test
    void aRecordClaimingAnotherRegionOrCloudThanItsSitesRegistrationGoesToTheDlqNeverToThatRegion() {
        RecordHeaders elsewhere = edgeHeaders("store-1");
        elsewhere.remove(SyncHeaders.EDGE_REGION);
        elsewhere.add(SyncHeaders.EDGE_REGION, utf8("us-east"));
        LandingRouter.Outcome o = perRegion.route(record("landing.store-1.sales", 0, elsewhere), LandingRouterTest::location,
                this::partitionsOf);
        assertThat(((LandingRouter.DeadLettered) o).reason()).startsWith("region-mismatch:").contains("us-east", "eu-west");
        assertThat(((LandingRouter.DeadLettered) o).reasonCode()).isEqualTo("region-mismatch");
        assertThat(o.record().topic()).isEqualTo(CoreTopics.DLQ);

        RecordHeaders otherCloud = edgeHeaders("store-1");
        otherCloud.remove(SyncHeaders.EDGE_CLOUD);
        otherCloud.add(SyncHeaders.EDGE_CLOUD, utf8("gcp"));
        assertDead(record("landing.store-1.sales", 0, otherCloud), "cloud-mismatch", "store-1");
        assertThat(asked).as("no topic is even looked up").isEmpty();
    }

    @Test
    void theRegistrationNotTheHeadersNamesTheRegionsTopicAndTheRouteHeaders() {
        LandingRouter.Outcome o = perRegion.route(record("landing.store-2.sales", 0, edgeHeaders("store-2")),
                site -> Optional.of(new SiteLocation("eu-west", "aws", false)), this::partitionsOf);
        assertThat(o.record().topic()).isEqualTo("analytics.eu-west.sales");
        assertThat(header(o.record(), SyncHeaders.ROUTE_REGION)).isEqualTo("eu-west");
        assertThat(header(o.record(), SyncHeaders.ROUTE_CLOUD)).isEqualTo("aws");
    }

    @Test
    void anUnregisteredSiteOrAMissingTopicGoesToTheDlqAndNothingIsCreated() {
        RecordHeaders h = edgeHeaders("store-9");
        assertDead(record("landing.store-9.sales", 0, h), "unregistered-site", "store-9");
        missingTopics.add("analytics.eu-west.sales");
        LandingRouter.Outcome o = perRegion.route(record("landing.store-1.sales", 0, edgeHeaders("store-1")),
                LandingRouterTest::location, this::partitionsOf);
        assertThat(((LandingRouter.DeadLettered) o).reason()).startsWith("missing-topic: analytics.eu-west.sales");
    }

    @Test
    void aClaimIsWhatARecordPassingTheHeaderChecksSays() {
        assertThat(router.claim(record("landing.store-1.sales", 0, edgeHeaders("store-1"))))
                .contains(new LandingRouter.Claim("store-1", "sales", "eu-west", "aws"));
        assertThat(router.claim(record("landing.store-1.sales", 0, edgeHeaders("store-2")))).isEmpty();
    }

    @Test
    void aPerRegionRecordStillFailsTheCommonChecksFirst() {
        RecordHeaders noRegion = edgeHeaders("store-1");
        noRegion.remove(SyncHeaders.EDGE_REGION);
        LandingRouter.Outcome o = perRegion.route(record("landing.store-1.sales", 0, noRegion), LandingRouterTest::location, this::partitionsOf);
        assertThat(((LandingRouter.DeadLettered) o).reason()).startsWith("missing-region:");
        o = perRegion.route(record("landing.store-1.sales", 0, edgeHeaders("store-2")), LandingRouterTest::location, this::partitionsOf);
        assertThat(((LandingRouter.DeadLettered) o).reason()).startsWith("site-mismatch:");
    }

    @Test
    void routingModesParseTheirConfigValuesOnly() {
        assertThat(StreamRouting.Mode.parse("per-region")).contains(StreamRouting.Mode.PER_REGION);
        assertThat(StreamRouting.Mode.parse(" Headers ")).contains(StreamRouting.Mode.HEADERS);
        assertThat(StreamRouting.Mode.parse("region")).isEmpty();
        assertThat(StreamRouting.fromConfig(Map.of("a", "per-region")).of("a")).isEqualTo(StreamRouting.Mode.PER_REGION);
        assertThat(StreamRouting.fromConfig(Map.of("a", "per-region")).of("b")).isEqualTo(StreamRouting.Mode.HEADERS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamRouting.fromConfig(Map.of("a", "topic")))
                .hasMessageContaining("core.streams.a.routing=topic");
    }

    private void assertDead(ConsumerRecord<byte[], byte[]> in, String reasonCode, String site) {
        LandingRouter.Outcome o = router.route(in, LandingRouterTest::location, this::partitionsOf);
        assertThat(o).isInstanceOf(LandingRouter.DeadLettered.class);
        ProducerRecord<byte[], byte[]> out = o.record();
        assertThat(out.topic()).isEqualTo(CoreTopics.DLQ);
        assertThat(out.key()).isEqualTo(in.key());
        assertThat(out.value()).isEqualTo(in.value());
        assertThat(header(out, LandingRouter.DLQ_REASON)).startsWith(reasonCode + ":");
        assertThat(((LandingRouter.DeadLettered) o).reason()).startsWith(reasonCode + ":");
        assertThat(header(out, LandingRouter.DLQ_SOURCE_TOPIC)).isEqualTo(in.topic());
        assertThat(header(out, LandingRouter.DLQ_SOURCE_PARTITION)).isEqualTo(String.valueOf(in.partition()));
        assertThat(header(out, LandingRouter.DLQ_SOURCE_OFFSET)).isEqualTo("17");
        assertThat(header(out, SyncHeaders.CE_ID)).isEqualTo("e-1");
        assertThat(header(out, SyncHeaders.ROUTE_SITE)).isNull();
        assertThat(o.site()).isEqualTo(site);
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> values(ProducerRecord<byte[], byte[]> r, String name) {
        List<String> out = new ArrayList<>();
        r.headers().headers(name).forEach(h -> out.add(new String(h.value(), StandardCharsets.UTF_8)));
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
