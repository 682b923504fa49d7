package dev.edgesync.edge.downlink;

import dev.edgesync.edge.config.DownlinkConfig;
import dev.edgesync.protocol.downlink.RuntimeSettings;

import java.util.ArrayList;
import java.util.List;

/** Checks {@code edge.downlink.*}, each problem naming its key. */
public final class DownlinkSettingsCheck {

    private DownlinkSettingsCheck() {
    }

    public static List<String> problems(DownlinkConfig d) {
        List<String> p = new ArrayList<>();
        if (d.discoveryInterval().toMillis() < 100) {
            p.add("edge.downlink.discovery-interval=" + d.discoveryInterval() + " must be at least 100ms");
        }
        if (d.minBytesPerSecond() < RuntimeSettings.MIN_BYTES_PER_SECOND) {
            p.add("edge.downlink.min-bytes-per-second=" + d.minBytesPerSecond() + " must be at least "
                    + RuntimeSettings.MIN_BYTES_PER_SECOND);
        }
        if (d.maxMessageBytes() < 1024) {
            p.add("edge.downlink.max-message-bytes=" + d.maxMessageBytes() + " must be at least 1024");
        }
        return p;
    }
}
