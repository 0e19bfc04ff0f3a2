package io.cairn.common.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CairnPathTest {

  private static void assertInvalid(String raw, String why) {
    assertThatThrownBy(() -> CairnPath.parse(raw))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH))
        .hasMessageContaining(why);
  }

  @Test
  void rootParsesAsTheRoot() throws CairnException {
    CairnPath root = CairnPath.parse("/");
    assertThat(root).isEqualTo(CairnPath.ROOT);
    assertThat(root.isRoot()).isTrue();
    assertThat(root.depth()).isZero();
    assertThat(root.name()).isEmpty();
    assertThat(root.components()).isEmpty();
    assertThat(root).hasToString("/");
  }

  @Test
  void absolutePathKeepsItsComponents() throws CairnException {
    CairnPath p = CairnPath.parse("/a/b c/d.txt");
    assertThat(p.components()).containsExactly("a", "b c", "d.txt");
    assertThat(p.depth()).isEqualTo(3);
    assertThat(p.name()).isEqualTo("d.txt");
    assertThat(p).hasToString("/a/b c/d.txt");
  }

  @Test
  void aSingleTrailingSlashIsDropped() throws CairnException {
    assertThat(CairnPath.parse("/a/b/")).isEqualTo(CairnPath.parse("/a/b")).hasToString("/a/b");
    assertThat(CairnPath.parse("/a/")).hasToString("/a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b", "./a", "../a", " /a", "~/a"})
  void relativePathsAreRefused(String raw) {
    assertInvalid(raw, "not absolute");
  }

  @Test
  void emptyAndNullPathsAreRefused() {
    assertInvalid("", "empty path");
    assertInvalid(null, "empty path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b", "/../a", "/a/../"})
  void dotAndDotDotComponentsAreRefused(String raw) {
    assertInvalid(raw, "components are not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/...", "/.a", "/a..", "/a/.hidden/..b"})
  void namesThatOnlyStartWithDotsAreFine(String raw) throws CairnException {
    assertThat(CairnPath.parse(raw)).hasToString(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a//b", "//a", "/a//", "///", "/a///b"})
  void emptyNamesAreRefused(String raw) {
    assertInvalid(raw, "empty name");
  }

  @Test
  void aNulInANameIsRefusedAndNotEchoedRaw() {
    assertThatThrownBy(() -> CairnPath.parse("/a/b\0c"))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH))
        .hasMessageContaining("NUL")
        .hasMessageContaining("/a/b\\x00c")
        .hasMessageNotContaining("\0");
  }

  @Test
  void namesAreLimitedTo255Utf8Bytes() throws CairnException {
    assertThat(CairnPath.parse("/" + "x".repeat(255)).name()).hasSize(255);
    assertInvalid("/" + "x".repeat(256), "longer than 255 bytes");
    assertInvalid("/a/" + "x".repeat(256) + "/b", "longer than 255 bytes");
  }

  @Test
  void nameLimitCountsUtf8BytesNotChars() throws CairnException {
    // 'é' is 2 bytes, '€' 3 and an emoji 4 (two UTF-16 chars): the limit is on bytes.
    assertThat(CairnPath.parse("/" + "é".repeat(127)).name()).hasSize(127);
    assertInvalid("/" + "é".repeat(128), "longer than 255 bytes");
    assertThat(CairnPath.parse("/" + "€".repeat(85)).name()).hasSize(85);
    assertInvalid("/" + "€".repeat(86), "longer than 255 bytes");
    String emoji = "\uD83D\uDE00";
    assertThat(CairnPath.parse("/" + emoji.repeat(63) + "abc").name()).hasSize(129);
    assertInvalid("/" + emoji.repeat(64), "longer than 255 bytes");
  }

  @Test
  void pathsAreLimitedTo8000Utf8Bytes() throws CairnException {
    String exact = pathOfBytes(8000, "x");
    assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(8000);
    assertThat(CairnPath.parse(exact)).hasToString(exact);
    assertInvalid(pathOfBytes(8001, "x"), "longer than 8000 bytes");
  }

  @Test
  void pathLimitCountsUtf8BytesNotChars() {
    String multiByte = pathOfBytes(8002, "é");
    assertThat(multiByte.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(8000);
    assertThat(multiByte.length()).isLessThan(8000);
    assertInvalid(multiByte, "longer than 8000 bytes");
  }

  @Test
  void aSlashInsideANameIsRefusedByValidateName() {
    assertThatThrownBy(() -> CairnPath.validateName("ctx", "a/b"))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH))
        .hasMessageContaining("'/' inside a name");
  }

  @Test
  void parentWalksUpToTheRootWhichIsItsOwnParent() throws CairnException {
    CairnPath p = CairnPath.parse("/a/b/c");
    assertThat(p.parent()).isEqualTo(CairnPath.parse("/a/b"));
    assertThat(p.parent().parent()).isEqualTo(CairnPath.parse("/a"));
    assertThat(p.parent().parent().parent()).isEqualTo(CairnPath.ROOT);
    assertThat(CairnPath.ROOT.parent()).isSameAs(CairnPath.ROOT);
  }

  @Test
  void childAppendsOneName() throws CairnException {
    assertThat(CairnPath.ROOT.child("a")).isEqualTo(CairnPath.parse("/a")).hasToString("/a");
    CairnPath ab = CairnPath.parse("/a").child("b");
    assertThat(ab).isEqualTo(CairnPath.parse("/a/b"));
    assertThat(ab.hashCode()).isEqualTo(CairnPath.parse("/a/b").hashCode());
    assertThat(ab.parent()).isEqualTo(CairnPath.parse("/a"));
  }

  @Test
  void isAncestorOrSelfComparesWholeComponents() throws CairnException {
    CairnPath a = CairnPath.parse("/a");
    assertThat(CairnPath.ROOT.isAncestorOrSelf(CairnPath.ROOT)).isTrue();
    assertThat(CairnPath.ROOT.isAncestorOrSelf(a)).isTrue();
    assertThat(a.isAncestorOrSelf(a)).isTrue();
    assertThat(a.isAncestorOrSelf(CairnPath.parse("/a/b/c"))).isTrue();
    assertThat(a.isAncestorOrSelf(CairnPath.parse("/ab"))).isFalse();
    assertThat(a.isAncestorOrSelf(CairnPath.ROOT)).isFalse();
    assertThat(CairnPath.parse("/a/b").isAncestorOrSelf(a)).isFalse();
    assertThat(CairnPath.parse("/b").isAncestorOrSelf(CairnPath.parse("/a/b"))).isFalse();
  }

  /** An absolute path of exactly {@code bytes} UTF-8 bytes, built of names of {@code unit} (1 or 2 bytes). */
  private static String pathOfBytes(int bytes, String unit) {
    int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder sb = new StringBuilder();
    int remaining = bytes;
    while (remaining > 0) {
      // "/" + up to 200 bytes of name; the last name takes what is left (odd leftovers in ASCII).
      int nameBytes = Math.min(200, remaining - 1);
      sb.append('/');
      sb.append(unit.repeat(nameBytes / unitBytes)).append("y".repeat(nameBytes % unitBytes));
      remaining -= 1 + nameBytes;
    }
    return sb.toString();
  }
}
