package dev.edgesync.edge.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What "raw events 0..n-1 reached curated exactly once, in place and in order" means, as assertions. */
final class CuratedAssertions {

    private CuratedAssertions() {
    }

    static int count(String bootstrap) {
        return RawEvents.readAll(bootstrap, "curated." + RawEvents.STREAM).values().stream().mapToInt(List::size).sum();
    }

    static void assertExactlyEvents(String bootstrap, int n) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> curated = RawEvents.readAll(bootstrap, "curated." + RawEvents.STREAM);
        Set<Integer> seen = new HashSet<>();
        curated.forEach((p, records) -> {
            int previous = -1;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                int i = RawEvents.seq(RawEvents.header(r, "ce_id"));
                assertThat(seen.add(i)).as("event %d delivered once", i).isTrue();
                assertThat(p).as("partition of event %d", i).isEqualTo(RawEvents.partition(i));
                assertThat(i).as("order in partition %d", p).isGreaterThan(previous);
                previous = i;
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                assertThat(key).isEqualTo(RawEvents.key(i));
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).startsWith("{\"i\":" + i);
                assertThat(RawEvents.header(r, "ce_specversion")).isEqualTo("1.0");
                assertThat(RawEvents.header(r, "ce_source")).isEqualTo("/pos/7");
                assertThat(RawEvents.header(r, "ce_type")).isEqualTo("com.example.sale");
                assertThat(RawEvents.header(r, "ce_time")).isEqualTo("2026-11-24T07:00:00Z");
                assertThat(RawEvents.header(r, "content-type")).isEqualTo("application/json");
            }
        });
        assertThat(seen).hasSize(n);
        assertThat(seen.stream().mapToInt(Integer::intValue).max().orElse(-1)).isEqualTo(n - 1);
    }
}
