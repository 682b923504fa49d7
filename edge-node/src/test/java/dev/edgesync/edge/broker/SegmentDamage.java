package dev.edgesync.edge.broker;

import org.apache.kafka.common.record.FileLogInputStream;
import org.apache.kafka.common.record.FileRecords;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test aid: damages one record batch of a partition's segment file on disk, as a bad sector would. */
public final class SegmentDamage {

    /** The batch damaged: offsets [baseOffset, nextOffset). */
    public record Batch(long baseOffset, long nextOffset) {
    }

    private SegmentDamage() {
    }

    /**
     * Flips one byte in the records of the {@code index}-th data batch (control batches not counted) of the
     * partition's first segment; the broker must be stopped.
     */
    public static Batch flipInBatch(Path partitionDir, int index) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(partitionDir)) {
            segment = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().findFirst().orElseThrow();
        }
        List<FileLogInputStream.FileChannelRecordBatch> data = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            for (FileLogInputStream.FileChannelRecordBatch b : records.batches()) {
                if (!b.isControlBatch()) {
                    data.add(b);
                }
            }
        }
        FileLogInputStream.FileChannelRecordBatch b = data.get(index);
        // Past the 61-byte batch header, inside the (possibly compressed) records: the batch's CRC covers it.
        long at = b.position() + 61 + (b.sizeInBytes() - 61) / 2;
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ 0xFF);
            f.getFD().sync();
        }
        return new Batch(b.baseOffset(), b.lastOffset() + 1);
    }

    /** Every data batch of the partition's first segment, in order. */
    public static List<Batch> dataBatches(Path partitionDir) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(partitionDir)) {
            segment = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().findFirst().orElseThrow();
        }
        List<Batch> out = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            for (FileLogInputStream.FileChannelRecordBatch b : records.batches()) {
                if (!b.isControlBatch()) {
                    out.add(new Batch(b.baseOffset(), b.lastOffset() + 1));
                }
            }
        }
        return out;
    }
}
