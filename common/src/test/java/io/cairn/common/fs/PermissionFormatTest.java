package io.cairn.common.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionFormatTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "true,  0755, drwxr-xr-x",
      "false, 0644, -rw-r--r--",
      "false, 0000, ----------",
      "false, 0777, -rwxrwxrwx",
      "true,  0700, drwx------",
      "false, 0421, -r---w---x",
      "true,  0070, d---rwx---",
      "true,  1777, drwxrwxrwt",
      "true,  1776, drwxrwxrwT",
      "true,  1000, d--------T",
      "false, 1001, ---------t",
  })
  void rendersLikeLsL(boolean directory, String octalMode, String expected) {
    assertThat(PermissionFormat.symbolic(directory, Integer.parseInt(octalMode, 8))).isEqualTo(expected);
  }

  @Test
  void stickyBitIsOctal1000() {
    assertThat(PermissionFormat.STICKY_BIT).isEqualTo(Integer.parseInt("1000", 8));
  }
}
