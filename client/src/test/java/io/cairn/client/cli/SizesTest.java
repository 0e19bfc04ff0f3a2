package io.cairn.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesTest {

  @Test
  void humanSizesReadAsHdfsDfsPrintsThem() {
    assertThat(Sizes.format(1023, true)).isEqualTo("1023");
    assertThat(Sizes.format(1024, true)).isEqualTo("1 K");
    assertThat(Sizes.format(1536, true)).isEqualTo("1.5 K");
    assertThat(Sizes.format(300L << 20, true)).isEqualTo("300 M");
    assertThat(Sizes.format((1L << 30) + 1, true)).isEqualTo("1.0 G");
    assertThat(Sizes.format((1L << 20) - 1, true)).as("rounds up to the next unit").isEqualTo("1.0 M");
    assertThat(Sizes.format(5L << 40, true)).isEqualTo("5 T");
    assertThat(Sizes.format(300L << 20, false)).isEqualTo("314572800");
  }
}
