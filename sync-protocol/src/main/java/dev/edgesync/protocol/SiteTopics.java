package dev.edgesync.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The topics one site owns at the centre and how they are made, so the edge (when it may create them) and the
 * centre's onboarding create the same thing: {@code landing.<site>.<stream>} with the stream's partitions, and the
 * compacted single-partition {@code landing.<site>._checkpoints} and {@code landing.<site>._heartbeats}, all with
 * the centre's append time as record timestamp ({@link #APPEND_TIME}).
 */
public final class SiteTopics {

    /**
     * Every site topic is stamped by the centre's broker on append, not by the edge: an edge clock hours ahead
     * would otherwise have its records refused ({@code message.timestamp.after.max.ms}, 1 h by default) and its
     * link would stay down. The edge's own time travels in {@link SyncHeaders#EDGE_TIME}.
     */
    public static final Map<String, String> APPEND_TIME = Map.of("message.timestamp.type", "LogAppendTime");
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact",
            "message.timestamp.type", "LogAppendTime");

    private SiteTopics() {
    }

    /** One topic to create: name, partition count and topic-level settings. */
    public record Spec(String name, int partitions, Map<String, String> configs) {
        public Spec {
            configs = Map.copyOf(configs);
        }
    }

    /** Every topic of {@code site} with {@code streams} (name → partitions), data topics first, by name. */
    public static List<Spec> of(String site, Map<String, Integer> streams) {
        List<Spec> out = new ArrayList<>();
        new TreeMap<>(streams).forEach((stream, partitions) -> {
            if (partitions == null || partitions < 1) {
                throw new IllegalArgumentException("stream '" + stream + "' needs at least 1 partition, not " + partitions);
            }
            out.add(new Spec(TopicNames.landing(site, stream), partitions, APPEND_TIME));
        });
        out.add(internal(TopicNames.checkpoints(site)));
        // Compacted by site key: the centre keeps the latest heartbeat of each site.
        out.add(internal(TopicNames.heartbeats(site)));
        return out;
    }

    private static Spec internal(String name) {
        return new Spec(name, 1, COMPACTED);
    }
}
