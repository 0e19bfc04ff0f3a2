package io.cairn.client.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Path algebra of cairn:// paths, which needs no cluster (the NameNode is only named, never called). */
class CairnPathTest {
  private static final Path ROOT = Path.of(URI.create("cairn://127.0.0.1:1/"));

  private static Path p(String s) {
    return ROOT.getFileSystem().getPath(s);
  }

  @Test
  void pathsKeepANormalFormAndAnswerTheirParts() {
    Path abc = p("//a//b/c/");
    assertThat(abc.toString()).isEqualTo("/a/b/c");
    assertThat(abc.isAbsolute()).isTrue();
    assertThat(abc.getNameCount()).isEqualTo(3);
    assertThat(abc.getFileName()).isEqualTo(p("c"));
    assertThat(abc.getParent()).isEqualTo(p("/a/b"));
    assertThat(p("/a").getParent()).isEqualTo(p("/"));
    assertThat(p("/").getParent()).isNull();
    assertThat(p("/").getFileName()).isNull();
    assertThat(p("a").getParent()).isNull();
    assertThat(abc.subpath(1, 3)).isEqualTo(p("b/c"));
    assertThat(abc.getRoot()).isEqualTo(p("/"));
    assertThat(p("a/b").getRoot()).isNull();
  }

  @Test
  void resolveRelativizeAndNormalizeAreInverse() {
    Path base = p("/data/in");
    assertThat(base.resolve("x/y")).isEqualTo(p("/data/in/x/y"));
    assertThat(base.resolve("/abs")).isEqualTo(p("/abs"));
    assertThat(base.relativize(p("/data/out/z"))).isEqualTo(p("../out/z"));
    assertThat(base.resolve(base.relativize(p("/data/out/z"))).normalize()).isEqualTo(p("/data/out/z"));
    assertThat(p("/a/./b/../c").normalize()).isEqualTo(p("/a/c"));
    assertThat(p("/..").normalize()).isEqualTo(p("/"));
    assertThat(p("../a").normalize()).isEqualTo(p("../a"));
    assertThat(p("a/b").toAbsolutePath()).isEqualTo(p("/a/b"));
  }

  @Test
  void startsWithAndEndsWithCompareWholeNames() {
    Path abc = p("/a/b/c");
    assertThat(abc.startsWith(p("/a/b"))).isTrue();
    assertThat(abc.startsWith(p("/a/bc"))).isFalse();
    assertThat(abc.startsWith(p("a"))).isFalse();
    assertThat(abc.endsWith(p("b/c"))).isTrue();
    assertThat(abc.endsWith(p("/b/c"))).isFalse();
    assertThat(abc.startsWith(Path.of("/a"))).isFalse();
  }

  @Test
  void urisCarryTheNameNodeAndRoundTrip() {
    Path file = p("/dir/with space");
    assertThat(file.toUri()).isEqualTo(URI.create("cairn://127.0.0.1:1/dir/with%20space"));
    assertThat(Path.of(file.toUri())).isEqualTo(file);
    assertThat(Path.of(URI.create("cairn://127.0.0.1:1/x")).getFileSystem()).isSameAs(ROOT.getFileSystem());
  }

  @Test
  void globsMatchAsOnUnix() {
    var matcher = ROOT.getFileSystem().getPathMatcher("glob:/logs/**/*.log");
    assertThat(matcher.matches(p("/logs/2024/01/app.log"))).isTrue();
    assertThat(matcher.matches(p("/logs/app.txt"))).isFalse();
  }

  @Test
  void badUrisAndForeignPathsAreRefusedClearly() {
    assertThatThrownBy(() -> Path.of(URI.create("cairn:///no/authority")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no NameNode");
    assertThatThrownBy(() -> FileSystems.getFileSystem(URI.create("cairn://127.0.0.1:2/")))
        .isInstanceOf(FileSystemNotFoundException.class);
    assertThatThrownBy(() -> p("/a").resolve(Path.of("b"))).isInstanceOf(java.nio.file.ProviderMismatchException.class);
    assertThatThrownBy(() -> p("a\0b")).isInstanceOf(java.nio.file.InvalidPathException.class);
  }
}
