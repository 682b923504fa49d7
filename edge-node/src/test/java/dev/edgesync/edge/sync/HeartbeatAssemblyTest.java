package dev.edgesync.edge.sync;

import dev.edgesync.edge.buffer.PressureSnapshot;
import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.protocol.Heartbeat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatAssemblyTest {

    @Test
    void nothingIsSentBeforeTheBufferTookItsFirstFigures() {
        assertThat(HeartbeatAssembly.of("store-1", 1, LinkState.UP, PressureSnapshot.empty(0), new SyncCounters(), 0))
                .isEmpty();
    }

    @Test
    void carriesTheBufferFiguresTheUplinkCountersAndTheLink() {
        SyncCounters counters = new SyncCounters();
        counters.sent("sales", 40, 4_000);
        counters.expired("sales", 3);
        PressureSnapshot buffer = new PressureSnapshot(Instant.ofEpochMilli(5_000), 900, 1_000, true, true, 12,
                Map.of("sales", new PressureSnapshot.Stream("critical", "reject", 5, 500, 2_000, 0, true),
                        "telemetry", new PressureSnapshot.Stream("bulk", "drop-oldest", 1, 10, 100, 7, false)));
        Heartbeat h = HeartbeatAssembly.of("store-1", 6_000, LinkState.DOWN, buffer, counters, 2_048).orElseThrow();
        assertThat(h).isEqualTo(new Heartbeat("store-1", 6_000, "down", 900, 1_000, 2_048, 12, Map.of(
                "sales", new Heartbeat.StreamFigures("critical", 5, 500, 2_000, 40, 3, 0),
                "telemetry", new Heartbeat.StreamFigures("bulk", 1, 10, 100, 0, 0, 7))));
    }

    @Test
    void carriesTheLastMeasuredClockSkew() {
        PressureSnapshot buffer = new PressureSnapshot(Instant.ofEpochMilli(5_000), 900, 1_000, false, true, 12, Map.of());
        Heartbeat h = HeartbeatAssembly.of("store-1", 6_000, LinkState.UP, buffer, new SyncCounters(), 0,
                Optional.of(new ClockSkew.Estimate(7_200_000, 3, Instant.ofEpochMilli(5_500)))).orElseThrow();
        assertThat(h.clockSkewMs()).isEqualTo(7_200_000);
        assertThat(HeartbeatAssembly.of("store-1", 6_000, LinkState.UP, buffer, new SyncCounters(), 0).orElseThrow()
                .clockSkewMs()).isEqualTo(Heartbeat.UNKNOWN_SKEW);
    }
}
