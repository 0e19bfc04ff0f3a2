package io.cairn.namenode.store;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.path.CairnPath;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.RandomWorkload;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.proto.FileStatus;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Listings served from kept children agree with the store: after any mix of mutations, every
 * directory's children, from the start and after each of its names, and whether it has any, read
 * through the live view (whose kept children the mutations must drop) equal what a view that
 * keeps nothing reads from the same store.
 */
class ListingCacheTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void keptChildrenMatchTheStoreAfterARandomWorkload(long seed) throws Exception {
    try (NamespaceFixture fx = NamespaceFixture.open(dir)) {
      RandomWorkload workload = new RandomWorkload(fx, seed);
      for (int round = 0; round < 20; round++) {
        workload.run(25);
        StoreNamespace keepsNothing = new StoreNamespace(fx.store(), 0, 0);
        assertSameListings(fx.view(), keepsNothing);
        // Directories of more than two children take the path that reads a first part, then the store.
        assertSameListings(new StoreNamespace(fx.store(), 2, 1000), keepsNothing);
        // Twice: the second pass reads what the first kept.
        assertSameListings(fx.view(), keepsNothing);
      }
    }
  }

  @Test
  void keptChildrenAreInTheStoresByteOrderNotJavasStringOrder() throws Exception {
    try (NamespaceFixture fx = NamespaceFixture.open(dir)) {
      // U+FFFD sorts after the surrogate pair of U+1F600 as Java strings, before it as UTF-8.
      for (String name : List.of("\uFFFD", "\uD83D\uDE00", "a")) {
        fx.createFile(ROOT, "/d/" + name, 0);
      }
      for (int pass = 0; pass < 2; pass++) {
        assertThat(names(fx.ns().list(ROOT, path("/d"), "", 0).getEntriesList()))
            .containsExactly("a", "\uFFFD", "\uD83D\uDE00");
        assertThat(names(fx.ns().list(ROOT, path("/d"), "\uFFFD", 0).getEntriesList()))
            .containsExactly("\uD83D\uDE00");
        assertThat(names(fx.ns().list(ROOT, path("/d"), "b", 0).getEntriesList()))
            .containsExactly("\uFFFD", "\uD83D\uDE00");
      }
    }
  }

  @Test
  void aListedDirectorysNextListingShowsEveryChange() throws Exception {
    try (NamespaceFixture fx = NamespaceFixture.open(dir)) {
      fx.mkdirs(ROOT, "/d/sub");
      fx.createFile(ROOT, "/d/f", 0);
      assertThat(names(fx.ns().list(ROOT, path("/d"), "", 0).getEntriesList())).containsExactly("f", "sub");

      fx.ns().setPermission(ROOT, path("/d/f"), 0600);
      assertThat(fx.ns().list(ROOT, path("/d"), "", 0).getEntries(0).getMode() & 07777).isEqualTo(0600);
      fx.ns().rename(ROOT, path("/d/f"), path("/d/sub/g"), false, true);
      assertThat(names(fx.ns().list(ROOT, path("/d"), "", 0).getEntriesList())).containsExactly("sub");
      assertThat(names(fx.ns().list(ROOT, path("/d/sub"), "", 0).getEntriesList())).containsExactly("g");
      fx.ns().delete(ROOT, path("/d/sub"), true);
      assertThat(fx.ns().list(ROOT, path("/d"), "", 0).getEntriesList()).isEmpty();
      fx.restart();
      assertThat(fx.ns().list(ROOT, path("/d"), "", 0).getEntriesList()).isEmpty();
    }
  }

  @Test
  void listingsWhileOtherThreadsChangeTheDirectoryEndAtTheStoresState() throws Exception {
    try (NamespaceFixture fx = NamespaceFixture.open(dir)) {
      fx.mkdirs(ROOT, "/d");
      int writers = 3;
      int filesPerWriter = 60;
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      CountDownLatch writersDone = new CountDownLatch(writers);
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            for (int k = 0; k < filesPerWriter; k++) {
              CairnPath file = path("/d/w" + writer + "-" + k);
              fx.ns().create(ROOT, new CreateArgs(file, 0644, false, false, 3, 0, "c" + writer).asClosed());
              if (k % 3 == 0) {
                fx.ns().delete(ROOT, file, false);
              }
            }
          } catch (Throwable t) {
            failures.add(t);
          } finally {
            writersDone.countDown();
          }
        }));
      }
      for (int r = 0; r < 2; r++) {
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            while (writing.get()) {
              fx.ns().list(ROOT, path("/d"), "", 0);
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      writersDone.await();
      writing.set(false);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
      long d = fx.view().lookup(NamespaceView.ROOT_ID, "d").getId();
      assertThat(children(fx.view(), d, "")).hasSize(writers * (filesPerWriter - filesPerWriter / 3))
          .isEqualTo(children(new StoreNamespace(fx.store(), 0, 0), d, ""));
    }
  }

  private static List<String> names(List<FileStatus> entries) {
    return entries.stream().map(e -> e.getPath().substring(e.getPath().lastIndexOf('/') + 1)).toList();
  }

  private static void assertSameListings(StoreNamespace tried, StoreNamespace truth) throws Exception {
    Deque<Long> todo = new ArrayDeque<>();
    todo.push(NamespaceView.ROOT_ID);
    while (!todo.isEmpty()) {
      long id = todo.pop();
      List<Inode> expected = children(truth, id, "");
      assertThat(children(tried, id, "")).isEqualTo(expected);
      assertThat(tried.hasChildren(id)).isEqualTo(!expected.isEmpty());
      for (Inode child : expected) {
        assertThat(children(tried, id, child.getName())).isEqualTo(children(truth, id, child.getName()));
        if (child.getType() == InodeType.DIRECTORY) {
          todo.push(child.getId());
        }
      }
      // A first page that stops early still sees the first child.
      if (!expected.isEmpty()) {
        List<Inode> first = new ArrayList<>();
        tried.forEachChild(id, "", child -> !first.add(child));
        assertThat(first).containsExactly(expected.getFirst());
      }
    }
  }

  private static List<Inode> children(StoreNamespace view, long id, String startAfter) throws Exception {
    List<Inode> out = new ArrayList<>();
    view.forEachChild(id, startAfter, out::add);
    return out;
  }
}
