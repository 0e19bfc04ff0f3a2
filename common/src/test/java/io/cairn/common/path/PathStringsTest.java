package io.cairn.common.path;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathStringsTest {

  @Test
  void namesAndParentsIgnoreATrailingSlash() {
    assertThat(PathStrings.name("/a/b")).isEqualTo("b");
    assertThat(PathStrings.name("/a/b/")).isEqualTo("b");
    assertThat(PathStrings.name("/")).isEmpty();
    assertThat(PathStrings.parent("/a/b/")).isEqualTo("/a");
    assertThat(PathStrings.parent("/a")).isEqualTo("/");
    assertThat(PathStrings.parent("/")).isEqualTo("/");
  }

  @Test
  void childrenOfTheRootHaveOneSlash() {
    assertThat(PathStrings.child("/", "x")).isEqualTo("/x");
    assertThat(PathStrings.child("/a/", "x")).isEqualTo("/a/x");
    assertThat(PathStrings.child("/a", "x")).isEqualTo("/a/x");
  }

  @Test
  void withinMeansItselfOrBelowNotASiblingWithTheSamePrefix() {
    assertThat(PathStrings.isWithin("/a/b", "/a")).isTrue();
    assertThat(PathStrings.isWithin("/a", "/a")).isTrue();
    assertThat(PathStrings.isWithin("/ab", "/a")).isFalse();
    assertThat(PathStrings.isWithin("/anything", "/")).isTrue();
    assertThat(PathStrings.moved("/a/b/c", "/a/b", "/x")).isEqualTo("/x/c");
    assertThat(PathStrings.relative("/a/b/c", "/a")).isEqualTo("b/c");
    assertThat(PathStrings.relative("/a/b", "/")).isEqualTo("a/b");
    assertThat(PathStrings.relative("/a", "/a")).isEmpty();
  }
}
