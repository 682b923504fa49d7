package dev.edgesync.edge.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypesTest {

    @Test
    void theMediaTypeIsLowerCasedWithoutParameters() {
        assertThat(MediaTypes.mediaType(" Application/JSON ; charset=UTF-8")).isEqualTo("application/json");
        assertThat(MediaTypes.mediaType(null)).isEmpty();
    }

    @Test
    void jsonIsApplicationJsonTextJsonOrAPlusJsonSuffix() {
        assertThat(MediaTypes.isJson("application/json")).isTrue();
        assertThat(MediaTypes.isJson("text/json")).isTrue();
        assertThat(MediaTypes.isJson("application/vnd.acme+json; v=2")).isTrue();
        assertThat(MediaTypes.isJson("application/xml")).isFalse();
    }

    @Test
    void utf8TextIsJsonOrTextWithoutAnotherCharset() {
        assertThat(MediaTypes.isUtf8Text("application/json")).isTrue();
        assertThat(MediaTypes.isUtf8Text("text/csv")).isTrue();
        assertThat(MediaTypes.isUtf8Text("text/plain; charset=UTF-8")).isTrue();
        assertThat(MediaTypes.isUtf8Text("text/plain; charset=\"utf-8\"")).isTrue();
        assertThat(MediaTypes.isUtf8Text("text/plain; charset=iso-8859-1")).isFalse();
        assertThat(MediaTypes.isUtf8Text("application/octet-stream")).isFalse();
    }

    @Test
    void aProblemNamesTheKeyAndShortensALongValue() {
        assertThat(MediaTypes.problem("Content-Type", "text/plain; charset=\"utf-8\"")).isEmpty();
        assertThat(MediaTypes.problem("Content-Type", "xyz"))
                .hasValue("Content-Type must be a media type such as application/json (RFC 2046), was 'xyz'");
        String longValue = "a".repeat(100);
        assertThat(MediaTypes.problem("attribute 'datacontenttype'", longValue))
                .hasValue("attribute 'datacontenttype' must be a media type such as application/json (RFC 2046), was '"
                        + "a".repeat(80) + "...'");
    }
}
