package dev.edgesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.edge.ingest.CloudEvent;
import dev.edgesync.edge.ingest.CloudEventParser;
import dev.edgesync.edge.ingest.KafkaBinding;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH: the ingest hot path for one event (parse a structured CloudEvent and bind it to a Kafka record)
 * against its floor, a bare Jackson tree parse of the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBench {

    private List<byte[]> bodies;
    private int i;

    @Setup
    public void load() {
        bodies = new Events().take(1000).stream().map(Events.Prepared::json).toList();
    }

    @Benchmark
    public ProducerRecord<byte[], byte[]> parseAndBind() {
        CloudEvent e = CloudEventParser.parseStructured(bodies.get(i++ % bodies.size()));
        return KafkaBinding.toRecord("raw.sales", e);
    }

    @Benchmark
    public JsonNode jacksonTreeBaseline() throws IOException {
        return Events.JSON.readTree(bodies.get(i++ % bodies.size()));
    }
}
