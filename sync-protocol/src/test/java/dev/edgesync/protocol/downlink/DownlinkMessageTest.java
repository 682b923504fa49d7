package dev.edgesync.protocol.downlink;

import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownlinkMessageTest {

    private static final byte[] PAYLOAD = "{\"table\":\"products\"}".getBytes(StandardCharsets.UTF_8);
    private final DownlinkMessage msg = new DownlinkMessage(DownlinkKind.REFERENCE, "m-1", Addressing.region("eu-west"),
            Instant.parse("2026-01-02T03:04:05Z"), PAYLOAD);

    @Test
    void roundTripsThroughHeadersAsACloudEventWithRouterHeaders() {
        Headers h = msg.headers();
        assertThat(header(h, SyncHeaders.CE_SPECVERSION)).isEqualTo("1.0");
        assertThat(header(h, SyncHeaders.CE_ID)).isEqualTo("m-1");
        assertThat(header(h, SyncHeaders.CE_TYPE)).isEqualTo("dev.edgesync.downlink.reference");
        assertThat(header(h, SyncHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(header(h, SyncHeaders.PROTOCOL_VERSION)).isEqualTo("1");
        assertThat(header(h, SyncHeaders.ROUTE_SITE)).isEqualTo("*");
        assertThat(header(h, SyncHeaders.ROUTE_REGION)).isEqualTo("eu-west");
        assertThat(header(h, SyncHeaders.ROUTE_CLOUD)).isEqualTo("*");

        DownlinkMessage back = DownlinkMessage.decode("control.region.eu-west.reference", h, PAYLOAD);
        assertThat(back.kind()).isEqualTo(DownlinkKind.REFERENCE);
        assertThat(back.id()).isEqualTo("m-1");
        assertThat(back.to()).isEqualTo(Addressing.region("eu-west"));
        assertThat(back.time()).isEqualTo(msg.time());
        assertThat(back.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void refusesAMessageWithoutRouterHeadersOrOfAnotherKindOrTargetThanItsTopic() {
        Headers noRoute = msg.headers();
        noRoute.remove(SyncHeaders.ROUTE_REGION);
        assertThatThrownBy(() -> DownlinkMessage.decode("control.region.eu-west.reference", noRoute, PAYLOAD))
                .hasMessageContaining(SyncHeaders.ROUTE_REGION);
        assertThatThrownBy(() -> DownlinkMessage.decode("control.region.eu-west.config", msg.headers(), PAYLOAD))
                .hasMessageContaining("dev.edgesync.downlink.reference in control.region.eu-west.config");
        assertThatThrownBy(() -> DownlinkMessage.decode("control.other", msg.headers(), PAYLOAD))
                .hasMessageContaining("not a downlink topic");
        assertThatThrownBy(() -> DownlinkMessage.decode("control.region.eu-west.reference", msg.headers(), null))
                .hasMessageContaining("without a payload");
        // A region's message in the broadcast topic (every site could read it) or another region's topic: refused.
        assertThatThrownBy(() -> DownlinkMessage.decode("control.reference", msg.headers(), PAYLOAD))
                .hasMessageContaining("belongs in control.region.eu-west.reference");
        assertThatThrownBy(() -> DownlinkMessage.decode("control.region.us-east.reference", msg.headers(), PAYLOAD))
                .hasMessageContaining("belongs in control.region.eu-west.reference");
    }

    @Test
    void aNewerProtocolIsReportedAsSuchSoTheReaderDoesNotSkipIt() {
        Headers h = msg.headers();
        h.remove(SyncHeaders.PROTOCOL_VERSION);
        h.add(SyncHeaders.PROTOCOL_VERSION, "99".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DownlinkMessage.decode("control.region.eu-west.reference", h, PAYLOAD))
                .isInstanceOf(DownlinkMessage.UnsupportedVersionException.class).hasMessageContaining("upgrade");
    }

    @Test
    void kindsParseByWireName() {
        assertThat(DownlinkKind.parse("config")).contains(DownlinkKind.CONFIG);
        assertThat(DownlinkKind.parse("nope")).isEmpty();
    }

    private static String header(Headers h, String name) {
        return new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
