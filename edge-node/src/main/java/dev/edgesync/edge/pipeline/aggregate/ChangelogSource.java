package dev.edgesync.edge.pipeline.aggregate;

import java.util.function.BiConsumer;

/** Reads one partition of a changelog topic: every committed record (key, value or null), in log order, to its end. */
public interface ChangelogSource {

    void readAll(String topic, int partition, BiConsumer<byte[], byte[]> visitor);
}
