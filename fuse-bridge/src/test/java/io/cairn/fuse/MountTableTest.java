package io.cairn.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  private static final List<String> MOUNTINFO = List.of(
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
      "95 22 0:50 / /tmp/with\\040space rw,nosuid,nodev,relatime shared:50 - fuse.cairn cairn://127.0.0.1:9500 rw");

  @Test
  void findsMountPointsAndDecodesTheirEscapes() {
    assertThat(MountTable.isMounted(MOUNTINFO, "/tmp/with space")).isTrue();
    assertThat(MountTable.isMounted(MOUNTINFO, "/")).isTrue();
    assertThat(MountTable.isMounted(MOUNTINFO, "/tmp")).isFalse();
  }
}
