package dev.edgesync.edge.stream;

import dev.edgesync.protocol.SiteAccess;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.common.TopicPartition;

/** One partition of one stream: the unit the uplink ships, checkpoints and fences. */
public record StreamPartition(String stream, int partition) implements Comparable<StreamPartition> {

    public StreamPartition {
        TopicNames.requireId(stream, "stream");
        if (partition < 0) {
            throw new IllegalArgumentException("negative partition " + partition + " of stream " + stream);
        }
    }

    public TopicPartition curated() {
        return new TopicPartition(TopicNames.curated(stream), partition);
    }

    public TopicPartition landing(String site) {
        return new TopicPartition(TopicNames.landing(site, stream), partition);
    }

    /** Transactional id at the centre: derived from the identity, so a second box with it fences the first. */
    public String transactionalId(String site) {
        return SiteAccess.transactionalIdPrefix(site) + stream + "-" + partition;
    }

    @Override
    public int compareTo(StreamPartition o) {
        int c = stream.compareTo(o.stream);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return stream + "/" + partition;
    }
}
