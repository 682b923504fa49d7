package dev.edgesync.edge.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BinaryModeReaderTest {

    @Test
    void percentEscapesAreDecodedAsUtf8() {
        assertThat(BinaryModeReader.percentDecode("caf%C3%A9")).hasValue("caf\u00e9");
        assertThat(BinaryModeReader.percentDecode("%41")).hasValue("A");
        assertThat(BinaryModeReader.percentDecode("plain")).hasValue("plain");
    }

    @Test
    void aPercentSignThatIsNoEscapeIsKept() {
        assertThat(BinaryModeReader.percentDecode("100%")).hasValue("100%");
        assertThat(BinaryModeReader.percentDecode("%zz")).hasValue("%zz");
        assertThat(BinaryModeReader.percentDecode("%4")).hasValue("%4");
    }

    @Test
    void escapesThatAreNotUtf8AreRefused() {
        assertThat(BinaryModeReader.percentDecode("%C3")).isEmpty();
        assertThat(BinaryModeReader.percentDecode("%ED%A0%80")).isEmpty(); // an encoded surrogate
    }
}
