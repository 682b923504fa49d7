package dev.edgesync.access;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void wellFormedTextIsValid() {
        assertThat(Utf8.isValid("".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid("caf\u00e9 \u20ac \ud83d\ude00 \uffff".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void malformedOverlongSurrogateAndTruncatedFormsAreNot() {
        assertThat(Utf8.isValid(bytes(0xff))).as("never a UTF-8 byte").isFalse();
        assertThat(Utf8.isValid(bytes(0x80))).as("lone continuation").isFalse();
        assertThat(Utf8.isValid(bytes(0xc0, 0xaf))).as("overlong '/'").isFalse();
        assertThat(Utf8.isValid(bytes(0xe0, 0x80, 0xaf))).as("overlong '/' in three bytes").isFalse();
        assertThat(Utf8.isValid(bytes(0xed, 0xa0, 0x80))).as("encoded surrogate (CESU-8)").isFalse();
        assertThat(Utf8.isValid(bytes(0xf4, 0x90, 0x80, 0x80))).as("above U+10FFFF").isFalse();
        assertThat(Utf8.isValid(bytes(0x61, 0xe2, 0x82))).as("truncated").isFalse();
        assertThat(Utf8.isValid(bytes(0xe2, 0x28, 0xa1))).as("bad continuation").isFalse();
    }

    @Test
    void agreesWithTheStrictDecoderOnRandomBytes() {
        Random r = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(8)];
            r.nextBytes(b);
            assertThat(Utf8.isValid(b)).as("%s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(Utf8.decodeStrict(b).isPresent());
        }
    }
}
