package io.cairn.datanode.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceMembershipTest {
  @TempDir
  Path tmp;

  @Test
  void theFirstNamespaceJoinedIsKeptInEveryFolderAndSurvivesARestart() throws IOException {
    List<Path> dirs = List.of(Files.createDirectories(tmp.resolve("a")), Files.createDirectories(tmp.resolve("b")));
    NamespaceMembership fresh = NamespaceMembership.load(dirs);
    assertThat(fresh.id()).isZero();
    fresh.join(0);
    assertThat(fresh.id()).as("a NameNode without an id names none").isZero();
    fresh.join(42);
    fresh.join(43);
    assertThat(fresh.id()).as("only the first namespace counts").isEqualTo(42);
    assertThat(NamespaceMembership.load(dirs).id()).isEqualTo(42);
    assertThat(Files.readString(tmp.resolve("b").resolve(NamespaceMembership.FILE)).trim()).isEqualTo("42");
  }

  @Test
  void foldersOfDifferentNamespacesOrAGarbledFileAreRefused() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    NamespaceMembership.load(List.of(a)).join(1);
    NamespaceMembership.load(List.of(b)).join(2);
    assertThatThrownBy(() -> NamespaceMembership.load(List.of(a, b))).isInstanceOf(IOException.class)
        .hasMessageContaining("different namespaces");
    Files.writeString(b.resolve(NamespaceMembership.FILE), "not a number\n");
    assertThatThrownBy(() -> NamespaceMembership.load(List.of(b))).isInstanceOf(IOException.class)
        .hasMessageContaining("does not hold a namespace id");
  }
}
