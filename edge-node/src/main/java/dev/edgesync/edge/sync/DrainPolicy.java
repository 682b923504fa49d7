package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.Priority;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Per-stream priority class and max-age, and the class weights: what the uplink's scheduler and expiry need.
 * Streams not named are normal and never expire.
 */
public record DrainPolicy(Map<String, Priority> priorities, Map<String, Duration> maxAges,
                          int criticalWeight, int normalWeight, int bulkWeight) {

    public DrainPolicy {
        priorities = Map.copyOf(priorities);
        maxAges = Map.copyOf(maxAges);
    }

    public static DrainPolicy defaults() {
        return new DrainPolicy(Map.of(), Map.of(), 8, 4, 1);
    }

    public Priority priority(String stream) {
        return priorities.getOrDefault(stream, Priority.NORMAL);
    }

    public int weight(String stream) {
        return switch (priority(stream)) {
            case CRITICAL -> criticalWeight;
            case NORMAL -> normalWeight;
            case BULK -> bulkWeight;
        };
    }

    public Optional<Duration> maxAge(String stream) {
        return Optional.ofNullable(maxAges.get(stream));
    }
}
