package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DiskUsageTest {

    @TempDir
    Path dir;

    @Test
    void countsBrokerAndStateFilesButNotTheReserveOrSparseIndexes() throws Exception {
        Path partition = Files.createDirectories(dir.resolve("broker/kafka-logs/__consumer_offsets-7"));
        Files.write(partition.resolve("00000000000000000000.log"), new byte[1000]);
        Files.write(partition.resolve("00000000000000000000.index"), new byte[4000]);
        Files.write(partition.resolve("00000000000000000000.timeindex"), new byte[4000]);
        Path metadata = Files.createDirectories(dir.resolve("broker/kafka-logs/__cluster_metadata-0"));
        Files.write(metadata.resolve("00000000000000000000.log"), new byte[300]);
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.write(state.resolve("000012.sst"), new byte[200]);
        Files.write(state.resolve("000013.log"), new byte[20]);
        Files.write(dir.resolve(ReserveFile.NAME), new byte[5000]);

        assertThat(new DiskUsage(dir).bytes()).isEqualTo(1000 + 300 + 200 + 20);
        assertThat(new DiskUsage(dir.resolve("absent")).bytes()).isZero();
    }

    @Test
    void theReserveIsWrittenInFullAndReleased() throws Exception {
        ReserveFile reserve = new ReserveFile(dir, (3L << 20) + 5);
        assertThat(reserve.present()).isFalse();
        reserve.create();
        assertThat(Files.size(dir.resolve(ReserveFile.NAME))).isEqualTo((3L << 20) + 5);
        assertThat(reserve.release("test")).isTrue();
        assertThat(reserve.present()).isFalse();
        assertThat(reserve.release("test")).as("nothing left to release").isFalse();
    }
}
