package io.cairn.datanode.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeChoiceTest {
  @Test
  void takesTheVolumesInTurn() {
    VolumeChoice choice = new VolumeChoice();
    List<Long> free = List.of(100L, 100L, 100L);
    assertThat(List.of(choice.choose(free, 10), choice.choose(free, 10), choice.choose(free, 10),
        choice.choose(free, 10))).containsExactly(0, 1, 2, 0);
  }

  @Test
  void skipsAVolumeWithoutRoomAndSaysWhenNoneHasIt() {
    VolumeChoice choice = new VolumeChoice();
    List<Long> free = List.of(100L, 5L, 100L);
    assertThat(List.of(choice.choose(free, 10), choice.choose(free, 10), choice.choose(free, 10)))
        .containsExactly(0, 2, 0);
    assertThat(choice.choose(List.of(5L, 9L, -1L), 10)).isEqualTo(-1);
    assertThat(choice.choose(List.of(), 10)).isEqualTo(-1);
  }

  @Test
  void keepsTurningWhenTheListShrinks() {
    VolumeChoice choice = new VolumeChoice();
    assertThat(choice.choose(List.of(100L, 100L, 100L), 10)).isEqualTo(0);
    assertThat(choice.choose(List.of(100L, 100L, 100L), 10)).isEqualTo(1);
    assertThat(choice.choose(List.of(100L), 10)).as("a volume failed meanwhile").isEqualTo(0);
  }
}
