package dev.edgesync.core.relay;

import dev.edgesync.protocol.TopicNames;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How each stream's landed records are laid out in analytics topics; streams not listed use {@link Mode#HEADERS}. */
public final class StreamRouting {

    /** One stream's routing. */
    public enum Mode {
        /** {@code analytics.<stream>}, one topic for every site; consumers filter on {@code route_*} headers. */
        HEADERS("headers"),
        /** {@code analytics.<region>.<stream>}, one topic per region: the region of the site's registration. */
        PER_REGION("per-region");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The mode named {@code value} (case and surrounding blanks ignored); empty for anything else. */
        public static Optional<Mode> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.key.equals(v)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    public static final StreamRouting ALL_HEADERS = new StreamRouting(Map.of());

    private final Map<String, Mode> modes;

    public StreamRouting(Map<String, Mode> modes) {
        this.modes = Map.copyOf(modes);
    }

    /** From configuration values; throws naming the key on an unknown value (the validator reports it first). */
    public static StreamRouting fromConfig(Map<String, String> routingByStream) {
        Map<String, Mode> m = new HashMap<>();
        routingByStream.forEach((stream, value) -> m.put(stream, Mode.parse(value).orElseThrow(() -> new IllegalArgumentException(
                "core.streams." + stream + ".routing=" + value + " is unknown: use headers or per-region"))));
        return new StreamRouting(m);
    }

    public Mode of(String stream) {
        return modes.getOrDefault(stream, Mode.HEADERS);
    }

    /** The analytics topic a stream of a site registered in {@code region} is routed to. */
    public String analyticsTopic(String stream, String region) {
        return of(stream) == Mode.PER_REGION ? TopicNames.analytics(region, stream) : TopicNames.analytics(stream);
    }
}
