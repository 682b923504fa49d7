package dev.edgesync.edge.sync;

import dev.edgesync.protocol.Checkpoint;
import dev.edgesync.protocol.ProtocolVersion;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shapes what the uplink writes at the centre: a curated record becomes a landing record in the same
 * partition with the same key, value and headers, plus the {@code edge_*} headers; a checkpoint becomes a
 * record of the site's checkpoint topic.
 */
public final class LandedRecords {

    /** Headers the uplink owns: any copy arriving from upstream is dropped so a record cannot forge them. */
    private static final Set<String> OWN = Set.of(SyncHeaders.EDGE_SITE, SyncHeaders.EDGE_REGION,
            SyncHeaders.EDGE_CLOUD, SyncHeaders.EDGE_OFFSET, SyncHeaders.EDGE_TIME, SyncHeaders.PROTOCOL_VERSION);
    private static final byte[] VERSION = utf8(String.valueOf(ProtocolVersion.CURRENT));

    private final String site;
    private final byte[] siteBytes;
    private final byte[] region;
    private final byte[] cloud;
    private final String checkpoints;
    /** Stream to landing topic: named (and its name checked) once, not per record. */
    private final Map<String, String> landingTopics = new ConcurrentHashMap<>();

    public LandedRecords(String site, String region, String cloud) {
        this.site = site;
        this.siteBytes = utf8(site);
        this.region = utf8(region);
        this.cloud = utf8(cloud);
        this.checkpoints = TopicNames.checkpoints(site);
    }

    public ProducerRecord<byte[], byte[]> landing(String stream, ConsumerRecord<byte[], byte[]> curated) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : curated.headers()) {
            if (!OWN.contains(h.key())) {
                headers.add(h);
            }
        }
        headers.add(SyncHeaders.EDGE_SITE, siteBytes);
        headers.add(SyncHeaders.EDGE_REGION, region);
        headers.add(SyncHeaders.EDGE_CLOUD, cloud);
        headers.add(SyncHeaders.EDGE_OFFSET, utf8(Long.toString(curated.offset())));
        headers.add(SyncHeaders.EDGE_TIME, utf8(Long.toString(curated.timestamp())));
        headers.add(SyncHeaders.PROTOCOL_VERSION, VERSION);
        // The event time travels in ce_time, the edge's append time in edge_time; the landing topic (LogAppendTime)
        // replaces this timestamp with the centre's, so an edge clock hours off is not refused. A topic still on
        // CreateTime keeps it, as before.
        return new ProducerRecord<>(landingTopics.computeIfAbsent(stream, st -> TopicNames.landing(site, st)),
                curated.partition(), curated.timestamp(),
                curated.key(), curated.value(), headers);
    }

    public ProducerRecord<byte[], byte[]> checkpoint(Checkpoint c) {
        return new ProducerRecord<>(checkpoints, c.encodeKey(), c.encodeValue());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
