package io.cairn.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.common.config.Settings;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.time.SystemClock;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.server.NameNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cairn command against a real NameNode (in this JVM, real RocksDB and sockets). */
class CairnCliTest {
  @TempDir
  static Path tmp;

  static NameNode nameNode;
  static String address;
  static final String ME = CallerIdentity.currentUser();

  @BeforeAll
  static void startNameNode() throws Exception {
    // A small page size, so listings here cross page boundaries.
    NameNodeConfig config = NameNodeConfig.from(tmp.resolve("nn"),
        Settings.of(Map.of("cairn.namenode.port", "0", "cairn.namenode.listing.page-size", "7")));
    nameNode = NameNode.start(config, SystemClock.INSTANCE, ME, user -> Set.of());
    address = "127.0.0.1:" + nameNode.port();
  }

  @AfterAll
  static void stopNameNode() {
    nameNode.close();
  }

  @BeforeEach
  void emptyRoot() {
    CliRun r = cairn("ls", "-C", "/");
    for (String path : r.lines()) {
      assertThat(cairn("rm", "-r", path).code()).isZero();
    }
  }

  static CliRun cairn(String... args) {
    return CliRun.of(address, args);
  }

  /** With the NameNode gone, the first path says so and the rest are counted, not failed one by one. */
  @Test
  void anUnreachableNameNodeIsReportedOnceWithThePathItStopped() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    CliRun run = CliRun.of("127.0.0.1:" + closed, "mkdir", "/u1", "/u2", "/u3");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().lines().toList()).as(run.err()).hasSize(2);
    assertThat(run.err()).startsWith("cairn: mkdir: /u1: cannot reach the NameNode at 127.0.0.1:" + closed)
        .contains("cairn: mkdir: 2 more paths not tried: the NameNode cannot be reached");
  }

  @Test
  void mkdirTouchAndRecursiveListingLookLikeHdfs() {
    assertThat(cairn("mkdir", "-p", "/a/b/c", "/d").code()).isZero();
    assertThat(cairn("touch", "/a/f", "/a/b/g").code()).isZero();
    CliRun ls = cairn("ls", "-R", "/");
    assertThat(ls.code()).isZero();
    assertThat(ls.lines()).extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
        .containsExactly("/a", "/a/b", "/a/b/c", "/a/b/g", "/a/f", "/d");
    assertThat(ls.lines().getFirst())
        .matches("drwxr-xr-x +- " + ME + " +supergroup +0 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d /a");
    assertThat(ls.lines().get(3))
        .matches("-rw-r--r-- +3 " + ME + " +supergroup +0 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d /a/b/g");
    CliRun plain = cairn("ls", "/a");
    assertThat(plain.lines().getFirst()).isEqualTo("Found 2 items");
    cairn("mkdir", "/many");
    List<String> many = new java.util.ArrayList<>(List.of("touch"));
    for (int i = 0; i < 20; i++) {
      many.add("/many/f" + i);
    }
    cairn(many.toArray(String[]::new));
    // Pages of 7 here: the count covers every page, not the first.
    assertThat(cairn("ls", "/many").lines()).hasSize(21).first().isEqualTo("Found 20 items");
    // Column for column as hdfs dfs -ls prints one entry: replication 3 wide, size 10 wide.
    assertThat(cairn("ls", "-d", "/a").lines()).singleElement().asString()
        .matches("drwxr-xr-x   - " + ME + " supergroup          0 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d /a");
    CliRun empty = cairn("ls", "/d");
    assertThat(empty.code()).isZero();
    assertThat(empty.lines()).as("an empty directory lists nothing, as in HDFS").isEmpty();
  }

  @Test
  void listingPagesThroughLargeDirectories() throws Exception {
    try (CairnClient fs = CairnClient.connect(address)) {
      fs.mkdirs("/big", true);
      for (int i = 0; i < 50; i++) {
        fs.createEmpty(String.format("/big/f%03d", i), false);
      }
    }
    CliRun ls = cairn("ls", "-C", "/big");
    assertThat(ls.lines()).hasSize(50).first().isEqualTo("/big/f000");
    assertThat(ls.lines().getLast()).isEqualTo("/big/f049");
    assertThat(cairn("count", "/big").out().trim()).matches("1 +50 +0 /big");
  }

  @Test
  void errorsPrintOneLineAndExitNonZero() {
    CliRun missing = cairn("ls", "/x");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("cairn: ls: /x: No such file or directory\n");
    assertThat(cairn("mkdir", "relative").err()).startsWith("cairn: mkdir: relative: Invalid path: not absolute");
    assertThat(cairn("mkdir", "/a/../b").err()).contains("'..' components are not allowed");
    assertThat(cairn("mkdir", "/a/./b").err()).contains("'.' components are not allowed");
    assertThat(cairn("mkdir", "/a//b").err()).contains("empty name");
    assertThat(cairn("mkdir", "/a\0b").err()).contains("NUL character").contains("\\x00");
    assertThat(cairn("mkdir", "/" + "n".repeat(256)).err()).contains("longer than 255 bytes");
    assertThat(cairn("mkdir", "/" + "d/".repeat(4001)).err()).contains("longer than 8000 bytes");
    assertThat(cairn("mkdir", "/no/parent").err()).isEqualTo("cairn: mkdir: /no: No such file or directory\n");
    assertThat(cairn("touch", "/file").code()).isZero();
    assertThat(cairn("mkdir", "/file").err()).isEqualTo("cairn: mkdir: /file: Not a directory\n");
    assertThat(cairn("mkdir", "-p", "/file").err()).isEqualTo("cairn: mkdir: /file: Not a directory\n");
    assertThat(cairn("mkdir", "/there").code()).isZero();
    assertThat(cairn("mkdir", "/there").err()).isEqualTo("cairn: mkdir: /there: File exists\n");
    assertThat(cairn("mkdir", "-p", "/there").code()).isZero();
    assertThat(cairn("mkdir", "-p", "/file/sub").err()).isEqualTo("cairn: mkdir: /file: Not a directory\n");
    assertThat(cairn("ls", "-C", "/").lines()).containsExactly("/file", "/there");
    CliRun usage = cairn("ls", "-Z");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).startsWith("cairn: ls: Unknown option: '-Z'");
    CliRun unknown = cairn("frob", "/");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("cairn: 'frob' is not a cairn command\nTry 'cairn --help'");
    assertThat(CliRun.of("127.0.0.1", "ls", "/").code()).as("an address without a port is bad usage").isEqualTo(2);
    assertThat(cairn("setrep", "0", "/").code()).isEqualTo(2);
    CliRun dashed = CliRun.of(address, "-ls", "/");
    assertThat(dashed.code()).isEqualTo(2);
    assertThat(dashed.err()).startsWith("cairn: '-ls' is not an option; commands take no dash: cairn ls\n");
  }

  @Test
  void pathPatternsAreExpandedAsHdfsDfsDoes() {
    cairn("mkdir", "-p", "/g/logs-1", "/g/logs-2", "/g/other", "/g/logs-3");
    cairn("touch", "/g/logs-1/a.log", "/g/logs-2/b.log", "/g/logs-2/b.txt", "/g/other/c.log", "/g/x[1]");
    assertThat(cairn("ls", "-C", "-d", "/g/logs-*").lines()).containsExactly("/g/logs-1", "/g/logs-2", "/g/logs-3");
    assertThat(cairn("ls", "-C", "/g/logs-?/*.log").lines()).containsExactly("/g/logs-1/a.log", "/g/logs-2/b.log");
    assertThat(cairn("ls", "-C", "-d", "/g/logs-[13]", "/g/{other,logs-2}").lines())
        .containsExactly("/g/logs-1", "/g/logs-3", "/g/logs-2", "/g/other");
    assertThat(cairn("ls", "-C", "-d", "/g/logs-[^1-2]").lines()).containsExactly("/g/logs-3");
    assertThat(cairn("ls", "-C", "/g/*/c.log").lines()).containsExactly("/g/other/c.log");
    assertThat(cairn("ls", "-C", "/g/x\\[1]").lines()).as("an escaped pattern character").containsExactly("/g/x[1]");
    CliRun none = cairn("ls", "/g/nothing*", "/g/other");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("cairn: ls: /g/nothing*: No such file or directory\n");
    assertThat(none.out()).contains("/g/other/c.log");
    CliRun rm = cairn("rm", "/g/logs-2/b.*");
    assertThat(rm.lines()).containsExactly("Deleted /g/logs-2/b.log", "Deleted /g/logs-2/b.txt");
    assertThat(cairn("rm", "-f", "/g/none*").code()).as("-f and a pattern that matches nothing").isZero();
    assertThat(cairn("mv", "/g/logs-[12]", "/g/other").code()).isZero();
    assertThat(cairn("ls", "-C", "-d", "/g/other/*").lines()).containsExactly("/g/other/c.log", "/g/other/logs-1",
        "/g/other/logs-2");
    assertThat(cairn("ls", "/g/bad[").err()).isEqualTo("cairn: ls: /g/bad[: not a valid pattern: '[' without its ']'\n");
    assertThat(cairn("ls", "/g/a[c-b]").err()).isEqualTo(
        "cairn: ls: /g/a[c-b]: not a valid pattern: the range c-b runs backwards\n");
    assertThat(cairn("ls", "/g/[^]").err()).startsWith("cairn: ls: /g/[^]: not a valid pattern");
    cairn("touch", "/g/a-1", "/g/a]1", "/g/ab1");
    assertThat(cairn("ls", "-C", "/g/a[\\-\\]]1").lines()).as("escaped members of a set")
        .containsExactly("/g/a-1", "/g/a]1");
  }

  @Test
  void recursiveCommandsWalkTreesAsDeepAsPathsAllow() {
    // 3,000 levels: the deepest a path of 8000 bytes allows is 4,000; recursion here overflowed the stack.
    String deep = "/deep" + "/d".repeat(2999);
    assertThat(cairn("mkdir", "-p", deep).code()).isZero();
    assertThat(cairn("touch", deep + "/f").code()).isZero();
    CliRun ls = cairn("ls", "-R", "-C", "/deep");
    assertThat(ls.err()).isEmpty();
    assertThat(ls.lines()).hasSize(3000).last().isEqualTo(deep + "/f");
    assertThat(cairn("chmod", "-R", "700", "/deep").code()).isZero();
    assertThat(cairn("stat", "%a", deep + "/f").out().trim()).isEqualTo("700");
    assertThat(cairn("cp", "/deep/d", "/copied").code()).isZero();
    assertThat(cairn("test", "-f", "/copied" + "/d".repeat(2998) + "/f").code()).isZero();
    assertThat(cairn("rm", "-r", "/deep", "/copied").code()).isZero();
  }

  @Test
  void severalPathsGoOnPastAFailure() {
    CliRun r = cairn("mkdir", "/one", "/missing/two", "/three");
    assertThat(r.code()).isEqualTo(1);
    assertThat(cairn("ls", "-C", "/").lines()).containsExactly("/one", "/three");
  }

  @Test
  void mvRenamesAndMovesIntoDirectories() {
    cairn("mkdir", "-p", "/src", "/dst");
    cairn("touch", "/src/a", "/src/b", "/c");
    assertThat(cairn("mv", "/src/a", "/src/b", "/dst").code()).isZero();
    assertThat(cairn("mv", "/c", "/c2").code()).isZero();
    assertThat(cairn("ls", "-C", "-R", "/").lines()).containsExactly("/c2", "/dst", "/dst/a", "/dst/b", "/src");
    assertThat(cairn("mv", "/c2", "/dst/a").err()).isEqualTo("cairn: mv: /dst/a: File exists\n");
    assertThat(cairn("mv", "/dst", "/dst/a/x").code()).isEqualTo(1);
    assertThat(cairn("mv", "/src", "/dst", "/c2").err()).contains("Not a directory");
  }

  @Test
  void rmNeedsRecursiveForDirectories() {
    cairn("mkdir", "-p", "/d/e");
    assertThat(cairn("rm", "/d").err()).isEqualTo("cairn: rm: /d: Is a directory\n");
    assertThat(cairn("rm", "/nothing").code()).isEqualTo(1);
    assertThat(cairn("rm", "-f", "/nothing").code()).isZero();
    assertThat(cairn("rm", "-r", "/d").code()).isZero();
    assertThat(cairn("ls", "-C", "/").lines()).isEmpty();
    assertThat(cairn("rm", "-r", "/").code()).isEqualTo(1);
  }

  @Test
  void chmodChownStatDuAndCount() {
    cairn("mkdir", "-p", "/p/q");
    cairn("touch", "/p/q/f");
    assertThat(cairn("chmod", "-R", "go-rx", "/p").code()).isZero();
    assertThat(cairn("stat", "%A %a %n", "/p/q", "/p/q/f").lines())
        .containsExactly("drwx------ 700 q", "-rw------- 600 f");
    assertThat(cairn("chmod", "1777", "/p").code()).isZero();
    assertThat(cairn("stat", "%A", "/p").out().trim()).isEqualTo("drwxrwxrwt");
    assertThat(cairn("chmod", "u+q", "/p").code()).isEqualTo(2);
    assertThat(cairn("chown", "-R", "someone:staff", "/p").code()).isZero();
    assertThat(cairn("stat", "%u:%g", "/p/q/f").out().trim()).isEqualTo("someone:staff");
    assertThat(cairn("setrep", "2", "/p").code()).isZero();
    assertThat(cairn("stat", "%r", "/p/q/f").out().trim()).isEqualTo("2");
    // As hdfs dfs -stat: the modification time in UTC by default, %% and unknown letters as themselves.
    assertThat(cairn("stat", "/p/q/f").out()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\n");
    assertThat(cairn("stat", "%F|%%|%z", "/p/q/f").out()).isEqualTo("regular file|%|z\n");
    assertThat(cairn("stat", "-v", "/p").out()).contains("  Path: /p").contains("  Type: directory");
    assertThat(cairn("stat", "%n").code()).isEqualTo(2);
    assertThat(cairn("du", "-s", "/p").out().trim()).matches("0 +0 +/p");
    List<String> verbose = cairn("du", "-s", "-v", "/p").lines();
    assertThat(verbose.get(1).indexOf("/p")).as("the path column under its heading: %s", verbose)
        .isEqualTo(verbose.get(0).indexOf("PATH"));
    assertThat(cairn("count", "-v", "/p").lines()).hasSize(2);
    assertThat(cairn("ls", "-C").lines()).isEqualTo(cairn("ls", "-C", "/").lines()).isNotEmpty();
    assertThat(cairn("du", "-s").out().trim()).as("/ by default, as ls").matches("0 +0 +/");
    assertThat(cairn("count").out().trim()).matches("\\d+ +1 +0 /");
  }

  @Test
  void everyCommandHasHelp() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    // picocli warns on System.err itself when a help text does not format.
    System.setErr(new java.io.PrintStream(warnings, true));
    try {
      for (String command : List.of("mkdir", "ls", "stat", "touch", "mv", "rm", "du", "count", "chmod", "chown",
          "chgrp", "setrep", "admin", "put", "get", "cat", "tail", "appendToFile", "checksum", "df", "fsck", "cp", "test", "touchz", "rmdir")) {
        CliRun r = cairn(command, "--help");
        assertThat(r.code()).as(command).isZero();
        assertThat(r.out()).as(command).startsWith("Usage: cairn " + command);
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(warnings.toString()).isEmpty();
    assertThat(cairn("stat", "--help").out()).contains("%n name").contains("%% a percent sign");
  }

  @Test
  void adminStatusAndCheckpoint() {
    cairn("mkdir", "/x");
    assertThat(cairn("admin", "status").out()).contains("Last txid: ").contains("Superuser: " + ME);
    CliRun cp = cairn("admin", "checkpoint");
    assertThat(cp.code()).isZero();
    assertThat(cp.out()).startsWith("Checkpoint at txid ");
  }
}
