package dev.edgesync.edge.sync;

import dev.edgesync.protocol.Checkpoint;
import dev.edgesync.protocol.SyncHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LandedRecordsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String h(org.apache.kafka.common.header.Headers hs, String name) {
        Header x = hs.lastHeader(name);
        return x == null ? null : new String(x.value(), StandardCharsets.UTF_8);
    }

    @Test
    void landingRecordKeepsPartitionKeyValueHeadersAndAddsEdgeHeaders() {
        RecordHeaders in = new RecordHeaders();
        in.add(SyncHeaders.CE_ID, b("e-1"));
        in.add(SyncHeaders.CONTENT_TYPE, b("application/json"));
        in.add(SyncHeaders.EDGE_OFFSET, b("999"));  // forged upstream: must not survive
        in.add(SyncHeaders.EDGE_TIME, b("1"));  // likewise
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("curated.sales", 2, 41L, 1234L, TimestampType.CREATE_TIME,
                3, 5, b("key"), b("{\"a\":1}"), in, Optional.empty());

        var out = new LandedRecords("store-9", "eu", "aws").landing("sales", r);

        assertThat(out.topic()).isEqualTo("landing.store-9.sales");
        assertThat(out.partition()).isEqualTo(2);
        assertThat(out.key()).isEqualTo(b("key"));
        assertThat(out.value()).isEqualTo(b("{\"a\":1}"));
        assertThat(out.timestamp()).isEqualTo(1234L);
        assertThat(h(out.headers(), SyncHeaders.CE_ID)).isEqualTo("e-1");
        assertThat(h(out.headers(), SyncHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(h(out.headers(), SyncHeaders.EDGE_SITE)).isEqualTo("store-9");
        assertThat(h(out.headers(), SyncHeaders.EDGE_REGION)).isEqualTo("eu");
        assertThat(h(out.headers(), SyncHeaders.EDGE_CLOUD)).isEqualTo("aws");
        assertThat(h(out.headers(), SyncHeaders.EDGE_OFFSET)).isEqualTo("41");
        assertThat(h(out.headers(), SyncHeaders.PROTOCOL_VERSION)).isEqualTo("1");
        assertThat(out.headers().headers(SyncHeaders.EDGE_OFFSET)).hasSize(1);
        assertThat(h(out.headers(), SyncHeaders.EDGE_TIME)).as("the edge's append time").isEqualTo("1234");
        assertThat(out.headers().headers(SyncHeaders.EDGE_TIME)).hasSize(1);
    }

    @Test
    void checkpointRecordGoesToTheSiteCheckpointTopicAndRoundTrips() {
        Checkpoint c = new Checkpoint("sales", 2, 42, 17, 99);
        var out = new LandedRecords("store-9", "eu", "aws").checkpoint(c);
        assertThat(out.topic()).isEqualTo("landing.store-9._checkpoints");
        assertThat(Checkpoint.decode(out.key(), out.value())).isEqualTo(c);
    }
}
