package dev.edgesync.edge.downlink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runtime-safe settings changed by the downlink, kept in the state store so they hold after a restart.
 *
 * <p>Precedence: the most recent change wins. A downlinked value overrides the local configuration, and is restored
 * at startup, as long as the local configuration of that key is what it was when the value arrived; once someone
 * edits the key locally (and restarts), that later local edit wins and the override is dropped. A downlinked null
 * returns the key to the local configuration at once. {@code PUT /v1/sync/bandwidth} changes the running value
 * only, as before. Each setting has bounds this edge holds to ({@link Knob#refusal}): a value outside them is refused
 * when it arrives, and dropped at startup if the bounds were tightened since it was kept.
 */
public final class RuntimeOverrides {

    private static final Logger LOG = Logger.getLogger(RuntimeOverrides.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final Map<String, Knob> knobs;

    /**
     * One live setting: its value in the local configuration, what this edge refuses to take from the centre (a
     * problem naming the key, or empty when the value is within bounds) and how to change it in the running process.
     */
    public record Knob(String configured, Function<String, Optional<String>> refusal, Consumer<String> set) {
        /** A setting with no bounds beyond the contract's ({@code RuntimeSettings}). */
        public Knob(String configured, Consumer<String> set) {
            this(configured, v -> Optional.empty(), set);
        }
    }

    /**
     * Bounds of a cap in units per second: 0 (no cap) or at least {@code floor}, so the centre cannot throttle the
     * edge to a trickle; {@code floorKey} names the local setting that sets the floor.
     */
    public static Function<String, Optional<String>> capFloor(String key, long floor, String floorKey) {
        return v -> {
            long n = Long.parseLong(v);
            return n != 0 && n < floor ? Optional.of(key + "=" + n + " is below this edge's floor " + floorKey + "="
                    + floor + " (0 = no cap)") : Optional.empty();
        };
    }

    public RuntimeOverrides(StateStore store, Map<String, Knob> knobs) {
        this.store = store;
        this.knobs = Map.copyOf(knobs);
    }

    public boolean knows(String key) {
        return knobs.containsKey(key);
    }

    /** Why this edge refuses {@code value} of {@code key} from the centre; empty when it takes it. */
    public Optional<String> refusal(String key, String value) {
        return knob(key).refusal().apply(value);
    }

    /** Adds persisting {@code value} of {@code key} (empty: drop the override) to {@code batch}. */
    public void stage(StateStore.Batch batch, String key, Optional<String> value, String messageId) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (value.isEmpty()) {
            batch.delete(StateFamilies.RUNTIME_SETTINGS, k);
            return;
        }
        ObjectNode o = JSON.createObjectNode().put("value", value.get()).put("configured", knob(key).configured())
                .put("messageId", messageId);
        batch.put(StateFamilies.RUNTIME_SETTINGS, k, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Sets {@code key} in the running process: the value, or the local configuration when empty. */
    public void activate(String key, Optional<String> value) {
        knob(key).set().accept(value.orElse(knob(key).configured()));
    }

    /** At startup: puts every override that still holds into effect; returns them by key. */
    public Map<String, String> restore() {
        Map<String, String> active = new TreeMap<>();
        store.scan(StateFamilies.RUNTIME_SETTINGS, new byte[0], (k, v) -> {
            String key = new String(k, StandardCharsets.UTF_8);
            JsonNode o = read(v);
            Knob knob = knobs.get(key);
            if (knob == null) {
                LOG.warnf("Downlinked setting %s is not runtime-safe in this version; ignored", key);
            } else if (knob.refusal().apply(o.path("value").asText()).isPresent()) {
                LOG.warnf("Downlinked %s=%s (message %s) dropped: %s", key, o.path("value").asText(),
                        o.path("messageId").asText(), knob.refusal().apply(o.path("value").asText()).orElseThrow());
                store.delete(StateFamilies.RUNTIME_SETTINGS, k);
            } else if (!knob.configured().equals(o.path("configured").asText())) {
                LOG.infof("Downlinked %s=%s (message %s) dropped: the local configuration changed since (now %s) and wins",
                        key, o.path("value").asText(), o.path("messageId").asText(), knob.configured());
                store.delete(StateFamilies.RUNTIME_SETTINGS, k);
            } else {
                knob.set().accept(o.path("value").asText());
                active.put(key, o.path("value").asText());
            }
        });
        if (!active.isEmpty()) {
            LOG.infof("Downlinked settings in effect: %s", active);
        }
        return active;
    }

    private Knob knob(String key) {
        Knob k = knobs.get(key);
        if (k == null) {
            throw new IllegalArgumentException(key + " is not a runtime setting of this edge");
        }
        return k;
    }

    private static JsonNode read(byte[] v) {
        try {
            return JSON.readTree(v);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable downlinked setting", e);
        }
    }
}
