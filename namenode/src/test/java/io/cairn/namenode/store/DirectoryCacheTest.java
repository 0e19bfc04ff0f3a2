package io.cairn.namenode.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.RandomWorkload;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live view's directory cache agrees with the store: after any mix of mutations, every
 * directory looked up (by entry and by id) through the caching view equals what a fresh view with
 * an empty cache reads from the same store.
 */
class DirectoryCacheTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void cachedDirectoriesMatchTheStoreAfterARandomWorkload(long seed) throws Exception {
    try (NamespaceFixture fx = NamespaceFixture.open(dir)) {
      RandomWorkload workload = new RandomWorkload(fx, seed);
      StoreNamespace cached = fx.view();
      for (int round = 0; round < 20; round++) {
        workload.run(25);
        assertSameDirectories(cached, new StoreNamespace(fx.store()));
      }
    }
  }

  private static void assertSameDirectories(StoreNamespace cached, StoreNamespace fresh) throws Exception {
    Deque<Inode> todo = new ArrayDeque<>();
    todo.push(fresh.lookup(NamespaceView.ROOT_PARENT_ID, ""));
    while (!todo.isEmpty()) {
      Inode dir = todo.pop();
      assertThat(cached.lookup(dir.getParentId(), dir.getName())).isEqualTo(dir);
      assertThat(cached.byId(dir.getId())).isEqualTo(dir);
      fresh.forEachChild(dir.getId(), "", child -> {
        if (child.getType() == InodeType.DIRECTORY) {
          todo.push(child);
        }
        assertThat(cached.lookup(child.getParentId(), child.getName())).isEqualTo(child);
        return true;
      });
    }
  }
}
