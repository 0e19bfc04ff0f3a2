package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaFailoverMessageTest {

  @Test
  void aFailureSeenOnEveryRefetchIsNamedOnceWithItsCount() {
    assertThat(ReplicaFailover.onceEach(List.of("dn1: refused", "dn2: checksum", "dn1: refused", "dn2: checksum",
        "dn1: refused", "dn3: gone"))).isEqualTo("dn1: refused (3 times); dn2: checksum (2 times); dn3: gone");
  }
}
