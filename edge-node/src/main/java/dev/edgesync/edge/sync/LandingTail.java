package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Finds the highest {@code edge_offset} committed in each landing partition, as a consistency check of the
 * checkpoints. Reads only a small window before the end (the last committed batch ends one offset before its
 * commit marker) and widens it only while the window holds nothing committed (aborted batches), so a
 * reconnect costs little on a metered link.
 */
public final class LandingTail {

    private static final long FIRST_WINDOW = 16;

    private LandingTail() {
    }

    public static Map<StreamPartition, OptionalLong> read(KafkaConsumer<byte[], byte[]> consumer, String site,
                                                          Iterable<StreamPartition> partitions, Duration timeout) {
        Map<TopicPartition, StreamPartition> byTp = new HashMap<>();
        partitions.forEach(sp -> byTp.put(sp.landing(site), sp));
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(byTp.keySet(), timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(byTp.keySet(), timeout);
        Map<StreamPartition, OptionalLong> result = new HashMap<>();
        Map<TopicPartition, Long> window = new HashMap<>();
        byTp.keySet().forEach(tp -> window.put(tp, FIRST_WINDOW));
        while (!window.isEmpty()) {
            Map<TopicPartition, Long> from = new HashMap<>();
            window.forEach((tp, w) -> from.put(tp, Math.max(begin.get(tp), end.get(tp) - w)));
            Map<TopicPartition, Long> max = new HashMap<>();
            ReadToEnd.read(consumer, from, timeout, r -> {
                if (site.equals(header(r.headers().lastHeader(SyncHeaders.EDGE_SITE)))) {
                    String offset = header(r.headers().lastHeader(SyncHeaders.EDGE_OFFSET));
                    if (offset != null) {
                        max.merge(new TopicPartition(r.topic(), r.partition()), Long.parseLong(offset), Math::max);
                    }
                }
            });
            for (TopicPartition tp : Map.copyOf(window).keySet()) {
                if (max.containsKey(tp)) {
                    result.put(byTp.get(tp), OptionalLong.of(max.get(tp)));
                    window.remove(tp);
                } else if (from.get(tp) <= begin.get(tp)) {
                    result.put(byTp.get(tp), OptionalLong.empty());
                    window.remove(tp);
                } else {
                    window.put(tp, window.get(tp) * 8);
                }
            }
        }
        return result;
    }

    private static String header(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
