package dev.edgesync.protocol.downlink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressingTest {

    @Test
    void everyPartThatIsNotAWildcardMustEqualTheEdgesOwn() {
        assertThat(Addressing.everyone().matches("s1", "eu", "aws")).isTrue();
        assertThat(Addressing.site("s1").matches("s1", "eu", "aws")).isTrue();
        assertThat(Addressing.site("s1").matches("s2", "eu", "aws")).isFalse();
        assertThat(Addressing.region("eu").matches("s1", "eu", "aws")).isTrue();
        assertThat(Addressing.region("eu").matches("s1", "us", "aws")).isFalse();
        assertThat(Addressing.cloud("gcp").matches("s1", "eu", "aws")).isFalse();
        Addressing both = new Addressing("*", "eu", "aws");
        assertThat(both.matches("s1", "eu", "aws")).isTrue();
        assertThat(both.matches("s1", "eu", "gcp")).isFalse();
    }

    @Test
    void aMissingPartIsAWildcardAndNamesAreChecked() {
        assertThat(new Addressing(null, "eu", null)).isEqualTo(Addressing.region("eu"));
        assertThat(Addressing.everyone().isEveryone()).isTrue();
        assertThat(Addressing.region("eu").isEveryone()).isFalse();
        assertThat(Addressing.region("eu")).hasToString("site=*,region=eu,cloud=*");
        assertThatThrownBy(() -> Addressing.region("EU")).hasMessageContaining("region 'EU'");
        assertThatThrownBy(() -> Addressing.site("a.b")).hasMessageContaining("site 'a.b'");
    }
}
