package dev.edgesync.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaggedFieldsTest {

    private static ByteBuffer written(Map<Integer, byte[]> fields) {
        ByteBuffer b = ByteBuffer.allocate(TaggedFields.size(fields));
        TaggedFields.write(b, fields);
        assertThat(b.hasRemaining()).as("size() is exact").isFalse();
        return b.flip();
    }

    @Test
    void roundTripsInTagOrder() {
        var read = TaggedFields.read(written(Map.of(7, new byte[]{1, 2}, 1, new byte[0])));
        assertThat(read.keySet()).containsExactly(1, 7);
        assertThat(read.get(7)).containsExactly(1, 2);
        assertThat(read.get(1)).isEmpty();
    }

    @Test
    void aRecordThatEndsBeforeTheTrailerHasNoFields() {
        assertThat(TaggedFields.read(ByteBuffer.allocate(0))).isEmpty();
    }

    @Test
    void malformedTrailersAreRefusedWithoutReadingPastTheBuffer() {
        byte[] ok = written(Map.of(3, new byte[]{9, 9, 9})).array();
        assertThatThrownBy(() -> TaggedFields.read(ByteBuffer.wrap(Arrays.copyOf(ok, ok.length - 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> TaggedFields.read(ByteBuffer.wrap(new byte[]{0x7f, 0x7f})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tagged fields");
        assertThatThrownBy(() -> TaggedFields.read(ByteBuffer.wrap(new byte[]{0, 1, 0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        ByteBuffer twice = ByteBuffer.allocate(2 + 2 * 6).putShort((short) 2).putShort((short) 4).putInt(0)
                .putShort((short) 4).putInt(0).flip();
        assertThatThrownBy(() -> TaggedFields.read(twice)).hasMessageContaining("twice");
    }
}
