package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import io.cairn.proto.InodeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Paged listings of one directory of 2,500 entries, built once for the class. The tests only read. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeListingTest {
  private static final int ENTRIES = 2500;
  /** UTF-8 byte order, which differs from Java's UTF-16 String order once names go past U+FFFF. */
  private static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  /** Prefixes of 0 to 4 UTF-8 bytes; U+FFFD sorts before the emoji in bytes but after it as a String. */
  private static final String[] PREFIXES = {"", "Z", "é", "\uFFFD", "\uD83D\uDE00", "~"};

  NamespaceFixture fx;
  Namesystem ns;
  /** Every name under /big, in byte order. */
  List<String> expected;

  @BeforeAll
  void populate(@TempDir Path dir) throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.mkdirs(ROOT, "/big");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      names.add(PREFIXES[i % PREFIXES.length] + Integer.toString(i, 36));
    }
    // Concurrent callers share fsyncs (group commit); the outcome does not depend on their order.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String name : names) {
        done.add(pool.submit(() -> {
          if (indexOf(name) % 7 == 0) {
            ns.create(ROOT, new CreateArgs(path("/big").child(name), 0644, false, false, 0, 0, "w"));
          } else {
            ns.mkdirs(ROOT, path("/big").child(name), 0755, false);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // Children of a neighbouring directory must not leak into /big's listing.
    fx.mkdirs(ROOT, "/big2/inner");
    names.sort(BYTE_ORDER);
    expected = List.copyOf(names);
  }

  @AfterAll
  void close() {
    fx.close();
  }

  private static int indexOf(String name) {
    return Integer.parseInt(name.replaceAll("^[^0-9a-z]*", ""), 36);
  }

  @Test
  void pagesWithStartAfterAndLimitCoverEveryEntryOnceInUtf8ByteOrder() throws Exception {
    List<String> stringOrder = new ArrayList<>(expected);
    stringOrder.sort(Comparator.naturalOrder());
    assertThat(stringOrder).as("the names tell byte order from String order").isNotEqualTo(expected);

    List<String> seen = new ArrayList<>();
    String startAfter = "";
    int pages = 0;
    while (true) {
      GetListingResponse page = ns.list(ROOT, path("/big"), startAfter, 300);
      pages++;
      assertThat(page.getIsFile()).isFalse();
      assertThat(page.getEntriesCount()).isLessThanOrEqualTo(300);
      for (FileStatus s : page.getEntriesList()) {
        String name = s.getPath().substring("/big/".length());
        seen.add(name);
        assertThat(s.getType()).as(name).isEqualTo(indexOf(name) % 7 == 0 ? InodeType.FILE : InodeType.DIRECTORY);
      }
      if (!page.getHasMore()) {
        break;
      }
      assertThat(page.getEntriesCount()).as("a page with more after it is full").isEqualTo(300);
      startAfter = seen.getLast();
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo((ENTRIES + 299) / 300);
  }

  @Test
  void limitZeroMeansThePageSizeAndLargerLimitsAreCapped() throws Exception {
    int pageSize = fx.limits().listingPageSize();
    GetListingResponse byDefault = ns.list(ROOT, path("/big"), "", 0);
    assertThat(byDefault.getEntriesCount()).isEqualTo(pageSize);
    assertThat(byDefault.getHasMore()).isTrue();
    assertThat(ns.list(ROOT, path("/big"), "", 100_000)).isEqualTo(byDefault);
    GetListingResponse last = ns.list(ROOT, path("/big"), expected.get(expected.size() - 11), 0);
    assertThat(last.getEntriesList()).extracting(FileStatus::getPath)
        .containsExactlyElementsOf(expected.subList(ENTRIES - 10, ENTRIES).stream().map(n -> "/big/" + n).toList());
    assertThat(last.getHasMore()).isFalse();
  }

  @Test
  void everyEntryCostOneEdit() {
    // format, /big, 2,500 entries, /big2/inner (one edit for both)
    assertThat(fx.editLog().lastTxid()).isEqualTo(1 + 1 + ENTRIES + 1);
  }
}
