package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aFullLastPageHasNoMore() throws Exception {
    for (String n : List.of("a", "b", "c")) {
      fx.mkdirs(ROOT, "/d/" + n);
    }
    GetListingResponse page = ns.list(ROOT, path("/d"), "", 3);
    assertThat(page.getEntriesList()).extracting(FileStatus::getPath).containsExactly("/d/a", "/d/b", "/d/c");
    assertThat(page.getHasMore()).isFalse();
    GetListingResponse first = ns.list(ROOT, path("/d"), "", 2);
    assertThat(first.getHasMore()).isTrue();
  }

  @Test
  void startAfterANameThatIsNotThereStartsAtTheNextOne() throws Exception {
    for (String n : List.of("apple", "banana", "cherry")) {
      fx.createFile(ROOT, "/d/" + n, 1);
    }
    assertThat(ns.list(ROOT, path("/d"), "b", 0).getEntriesList()).extracting(FileStatus::getPath)
        .containsExactly("/d/banana", "/d/cherry");
    assertThat(ns.list(ROOT, path("/d"), "banana", 0).getEntriesList()).extracting(FileStatus::getPath)
        .containsExactly("/d/cherry");
    assertThat(ns.list(ROOT, path("/d"), "zzz", 0).getEntriesList()).isEmpty();
  }

  @Test
  void anEmptyDirectoryNextToAFullOneListsEmpty() throws Exception {
    fx.mkdirs(ROOT, "/empty");
    fx.mkdirs(ROOT, "/full/x");
    fx.createFile(ROOT, "/full/y", 1);
    GetListingResponse page = ns.list(ROOT, path("/empty"), "", 0);
    assertThat(page.getEntriesList()).isEmpty();
    assertThat(page.getHasMore()).isFalse();
    assertThat(ns.list(ROOT, path("/"), "", 0).getEntriesList()).extracting(FileStatus::getPath)
        .containsExactly("/empty", "/full");
  }

  @Test
  void aFileListsAsItselfWithIsFile() throws Exception {
    FileStatus f = fx.createFile(ROOT, "/d/f", 99);
    GetListingResponse page = ns.list(ROOT, path("/d/f"), "", 0);
    assertThat(page.getIsFile()).isTrue();
    assertThat(page.getHasMore()).isFalse();
    assertThat(page.getEntriesList()).containsExactly(f);
  }

  @Test
  void badListingArgumentsAreRefused() throws Exception {
    fx.mkdirs(ROOT, "/d");
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.list(ROOT, path("/missing"), "", 0));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.list(ROOT, path("/d"), "", -1));
    fx.assertFailsUnchanged(ErrorCode.INVALID_PATH, () -> ns.list(ROOT, path("/d"), "a/b", 0));
    fx.assertFailsUnchanged(ErrorCode.INVALID_PATH, () -> ns.list(ROOT, path("/d"), "..", 0));
  }
}
