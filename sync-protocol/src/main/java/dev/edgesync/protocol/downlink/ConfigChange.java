package dev.edgesync.protocol.downlink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payload of a {@code config} message: {@code {"set":{"edge.sync.max-bytes-per-second":65536}}}. Only
 * {@link RuntimeSettings runtime-safe} keys; a null value returns the key to the edge's own configuration.
 */
public record ConfigChange(Map<String, Object> set) {

    public ConfigChange {
        set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    /** What is wrong with this change, each naming its key; empty when it can be applied. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (set.isEmpty()) {
            p.add("set: give at least one key, e.g. {\"set\":{\"" + RuntimeSettings.MAX_BYTES_PER_SECOND + "\":65536}}");
        }
        set.forEach((k, v) -> RuntimeSettings.check(k, v).problem().ifPresent(p::add));
        return p;
    }
}
