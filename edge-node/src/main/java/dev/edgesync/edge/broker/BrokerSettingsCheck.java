package dev.edgesync.edge.broker;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.protocol.TopicNames;

import java.util.ArrayList;
import java.util.List;

/** Checks the embedded broker and the local topics it creates ({@code edge.broker.*}, the streams declared). */
public final class BrokerSettingsCheck {

    private BrokerSettingsCheck() {
    }

    public static List<String> problems(EdgeConfig c) {
        List<String> p = new ArrayList<>();
        if (c.broker().port() < 1 || c.broker().port() > 65535) {
            p.add("edge.broker.port=" + c.broker().port() + " must be within 1..65535");
        }
        if (c.streams().isEmpty()) {
            p.add("edge.streams: no stream is declared; declare at least one, e.g. edge.streams.sales.partitions=3");
        }
        c.streams().forEach((name, s) -> {
            if (!TopicNames.isValidId(name)) {
                p.add("edge.streams." + name + ": '" + name + "' is not a valid stream name: use lower-case letters, digits or '-'");
            }
            if (s.partitions() < 1 || s.partitions() > 1000) {
                p.add("edge.streams." + name + ".partitions=" + s.partitions() + " must be within 1..1000");
            }
        });
        return p;
    }
}
