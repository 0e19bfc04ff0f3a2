package io.cairn.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.ClientOptions;
import io.cairn.common.config.Settings;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.time.SystemClock;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.server.NameNode;
import io.cairn.proto.FileStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cairn command over trees holding entries it may not touch, against a NameNode whose
 * superuser is someone else, so the command runs as an ordinary user; and the argument forms that
 * hdfs dfs users type (a trailing slash, touch's flags, odd owner names).
 */
class CairnCliTreeTest {
  static final String ADMIN = "cairn-admin";
  static final String ME = CallerIdentity.currentUser();

  @TempDir
  static Path tmp;

  static NameNode nameNode;
  static String address;
  static CairnClient admin;

  @BeforeAll
  static void start() throws Exception {
    NameNodeConfig config = NameNodeConfig.from(tmp.resolve("nn"), Settings.of(Map.of("cairn.namenode.port", "0")));
    nameNode = NameNode.start(config, SystemClock.INSTANCE, ADMIN, user -> Set.of());
    address = "127.0.0.1:" + nameNode.port();
    admin = CairnClient.connect(address, ClientOptions.defaults().withUser(ADMIN));
    admin.mkdirs("/home", true);
    admin.setPermission("/", 0777);
  }

  @AfterAll
  static void stop() {
    admin.close();
    nameNode.close();
  }

  static CliRun cairn(String... args) {
    return CliRun.of(address, args);
  }

  /** A tree of mine under {@code root} with one directory in the middle that only the admin may enter. */
  static void treeWithAClosedDirectory(String root) throws Exception {
    assertThat(cairn("mkdir", "-p", root + "/a", root + "/z/deep").code()).isZero();
    assertThat(cairn("touch", root + "/a/f", root + "/z/deep/g").code()).isZero();
    admin.mkdirs(root + "/m-closed", true);
    admin.createEmpty(root + "/m-closed/secret", false);
    admin.setPermission(root + "/m-closed", 0700);
  }

  @Test
  void recursiveListingReportsTheClosedDirectoryAndListsTheRest() throws Exception {
    treeWithAClosedDirectory("/ls");
    CliRun ls = cairn("ls", "-R", "-C", "/ls");
    assertThat(ls.code()).isEqualTo(1);
    assertThat(ls.lines()).containsExactly("/ls/a", "/ls/a/f", "/ls/m-closed", "/ls/z", "/ls/z/deep", "/ls/z/deep/g");
    assertThat(ls.err()).startsWith("cairn: ls: ").contains("Permission denied").hasLineCount(1);
  }

  @Test
  void recursiveChmodChangesEverythingItMayAndReportsTheRest() throws Exception {
    treeWithAClosedDirectory("/chmod");
    CliRun chmod = cairn("chmod", "-R", "700", "/chmod");
    assertThat(chmod.code()).isEqualTo(1);
    assertThat(chmod.err()).contains("Permission denied").hasLineCount(1);
    for (String mine : new String[] {"/chmod", "/chmod/a", "/chmod/a/f", "/chmod/z", "/chmod/z/deep/g"}) {
      assertThat(admin.getFileInfo(mine).getMode()).as(mine).isEqualTo(0700);
    }
  }

  @Test
  void getOfATreeCopiesWhatItCanRead() throws Exception {
    treeWithAClosedDirectory("/get");
    Path back = tmp.resolve("get-back");
    CliRun get = cairn("get", "/get", back.toString());
    assertThat(get.code()).isEqualTo(1);
    assertThat(back.resolve("a/f")).exists();
    assertThat(back.resolve("z/deep/g")).exists();
    assertThat(get.err()).contains("Permission denied");
  }

  @Test
  void duSumsEveryEntryItMayAndReportsTheRest() throws Exception {
    treeWithAClosedDirectory("/du");
    CliRun du = cairn("du", "/du");
    assertThat(du.code()).isEqualTo(1);
    assertThat(du.lines()).extracting(l -> l.substring(l.lastIndexOf(' ') + 1)).containsExactly("/du/a", "/du/z");
    assertThat(du.err()).contains("Permission denied").hasLineCount(1);
  }

  @Test
  void aTrailingSlashNamesADirectoryThatMustExist() throws Exception {
    assertThat(cairn("mkdir", "/slash").code()).isZero();
    assertThat(cairn("touch", "/slash/f", "/slash/file").code()).isZero();
    CliRun missing = cairn("mv", "/slash/f", "/slash/newdir/");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("cairn: mv: /slash/newdir/: No such file or directory\n");
    assertThat(cairn("mv", "/slash/f", "/slash/file/").err()).endsWith(": Not a directory\n");
    assertThat(admin.getFileInfo("/slash/f")).isNotNull();
    assertThat(admin.getFileInfo("/slash/newdir")).isNull();

    Path local = Files.createDirectories(tmp.resolve("local"));
    CliRun get = cairn("get", "/slash/f", local.resolve("nope") + "/");
    assertThat(get.code()).isEqualTo(1);
    assertThat(get.err()).endsWith("nope/: No such file or directory\n");
    assertThat(local.resolve("nope")).doesNotExist();
  }

  @Test
  void touchWithBothFlagsChangesBothTimes() throws Exception {
    assertThat(cairn("touch", "/touched").code()).isZero();
    admin.setTimes("/touched", 1000, 2000);
    assertThat(cairn("touch", "-a", "-m", "-t", "20200102:030405", "/touched").code()).isZero();
    FileStatus both = admin.getFileInfo("/touched");
    assertThat(both.getMtimeMs()).isGreaterThan(1_000_000_000_000L).isEqualTo(both.getAtimeMs());
    assertThat(cairn("touch", "-m", "-t", "20210102:030405", "/touched").code()).isZero();
    FileStatus onlyM = admin.getFileInfo("/touched");
    assertThat(onlyM.getAtimeMs()).isEqualTo(both.getAtimeMs());
    assertThat(onlyM.getMtimeMs()).isGreaterThan(both.getMtimeMs());
    assertThat(cairn("touch", "-t", "19000101:000000", "/touched").code()).isEqualTo(2);
  }

  @Test
  void ownerAndGroupNamesThatWouldBreakAListingAreRefused() {
    assertThat(cairn("touch", "/owned").code()).isZero();
    for (String bad : new String[] {"bad user", "x\ty"}) {
      CliRun r = CliRun.of(address, "chown", bad, "/owned");
      assertThat(r.code()).as(bad).isEqualTo(1);
      assertThat(r.err()).as(bad).contains("invalid owner name");
    }
    assertThat(cairn("chgrp", "g h", "/owned").err()).contains("invalid group name");
    assertThat(cairn("chmod", "999", "/owned").code()).isEqualTo(2);
  }
}
