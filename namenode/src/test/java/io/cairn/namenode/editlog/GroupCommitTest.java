package io.cairn.namenode.editlog;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.time.ManualClock;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.namenode.server.NamespaceStack;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.RocksKvStore;
import io.cairn.proto.EditOp;
import io.cairn.proto.FileStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent mutations each get their own edit, callers waiting together share one fsync, and a
 * failed fsync stops the log.
 */
class GroupCommitTest {
  private static final int THREADS = 8;

  @TempDir
  Path dir;

  /** A new namespace on {@code store}; a fatal edit log failure fails the test. */
  private static NamespaceStack formatted(GatedKvStore store) throws IOException {
    NamespaceStack stack = NamespaceStack.open(store, NamespaceLimits.defaults(), new ManualClock(1), e -> {
      throw new AssertionError(e);
    });
    stack.formatIfNew(NamespaceFixture.SUPERUSER, NamespaceFixture.SUPERGROUP, 1);
    return stack;
  }

  @Test
  void concurrentMkdirsAllSucceedWithOneEditEach() throws Exception {
    int perThread = 40;
    try (NamespaceFixture fx = NamespaceFixture.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          for (int i = 0; i < perThread; i++) {
            String p = "/t" + t + "/d" + i;
            results.add(pool.submit(() -> fx.ns().mkdirs(ROOT, path(p), 0755, true)));
          }
        }
        for (Future<Boolean> r : results) {
          assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      long expected = 1 + (long) THREADS * perThread; // the root, then one edit per mkdirs
      assertThat(fx.editLog().lastTxid()).isEqualTo(expected);
      assertThat(fx.editLog().read(1, Integer.MAX_VALUE)).extracting(EditOp::getTxid)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
      for (int t = 0; t < THREADS; t++) {
        assertThat(fx.ns().list(ROOT, path("/t" + t), "", 0).getEntriesCount()).isEqualTo(perThread);
      }
    }
  }

  @Test
  void aFailedSyncStopsTheLog() throws Exception {
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    try (GatedKvStore store = new GatedKvStore(RocksKvStore.open(dir, NamespaceSchema.ALL, 8L << 20))) {
      NamespaceStack stack = NamespaceStack.open(store, NamespaceLimits.defaults(), new ManualClock(1), fatal::add);
      stack.formatIfNew(NamespaceFixture.SUPERUSER, NamespaceFixture.SUPERGROUP, 1);
      Namesystem ns = stack.namesystem();
      assertThat(ns.mkdirs(ROOT, path("/durable"), 0755, false)).isTrue();

      store.failSyncs();
      assertThatThrownBy(() -> ns.mkdirs(ROOT, path("/lost"), 0755, false))
          .isInstanceOf(IOException.class).hasMessageContaining("injected");
      assertThat(fatal).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("injected"));
      // No answer may rest on the edit that is not durable, and no new edit is taken.
      assertThatThrownBy(() -> ns.mkdirs(ROOT, path("/durable"), 0755, true)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> ns.mkdirs(ROOT, path("/more"), 0755, false)).isInstanceOf(IllegalStateException.class);
      assertThat(stack.editLog().lastTxid()).isEqualTo(3);
      assertThat(fatal).hasSize(1);
    }
  }

  @Test
  void callersThatAppendDuringASyncShareTheNextOne() throws Exception {
    try (GatedKvStore store = new GatedKvStore(RocksKvStore.open(dir, NamespaceSchema.ALL, 8L << 20))) {
      NamespaceStack stack = NamespaceStack.open(store, NamespaceLimits.defaults(), new ManualClock(1), e -> {
        throw new AssertionError(e);
      });
      stack.formatIfNew(NamespaceFixture.SUPERUSER, NamespaceFixture.SUPERGROUP, 1);
      Namesystem ns = stack.namesystem();
      int syncsBefore = store.syncs();
      store.awaitCommits(1); // the format edit

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        // The first caller appends, then holds its sync open...
        store.holdNextSync();
        List<Future<Boolean>> results = new ArrayList<>();
        results.add(pool.submit(() -> ns.mkdirs(ROOT, path("/first"), 0755, false)));
        store.awaitSyncHeld();
        // ...while the others append (the write lock is free) and queue behind it for durability.
        for (int t = 1; t < THREADS; t++) {
          String p = "/next" + t;
          results.add(pool.submit(() -> ns.mkdirs(ROOT, path(p), 0755, false)));
        }
        store.awaitCommits(THREADS);
        store.releaseSync();
        for (Future<Boolean> r : results) {
          assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(stack.editLog().lastTxid()).isEqualTo(1 + THREADS);
      // One sync for the first edit; one more covers the seven appended while it ran.
      assertThat(store.syncs() - syncsBefore).isEqualTo(2).isLessThan(THREADS);
    }
  }

  @Test
  void anAsynchronousMutationIsVisibleAtOnceAndAnsweredOnlyAfterItsSync() throws Exception {
    try (GatedKvStore store = new GatedKvStore(RocksKvStore.open(dir, NamespaceSchema.ALL, 8L << 20));
        NamespaceStack stack = formatted(store)) {
      Namesystem ns = stack.namesystem();
      store.holdNextSync();
      // The calling thread does not wait: it gets a future while the sync is held.
      CompletableFuture<Boolean> made = ns.mkdirsAsync(ROOT, path("/pending"), 0755, false);
      store.awaitSyncHeld();
      assertThat(made).isNotDone();
      assertThat(ns.getFileInfo(ROOT, path("/pending"))).isNotNull();
      store.releaseSync();
      assertThat(made.get(60, TimeUnit.SECONDS)).isTrue();
      // A mutation that changes nothing is answered at once when everything before it is durable.
      assertThat(ns.mkdirsAsync(ROOT, path("/pending"), 0755, true)).isCompletedWithValue(false);
    }
  }

  @Test
  void aCreateThatClosesTheFileIsOneEditAndOneSync() throws Exception {
    try (GatedKvStore store = new GatedKvStore(RocksKvStore.open(dir, NamespaceSchema.ALL, 8L << 20));
        NamespaceStack stack = formatted(store)) {
      Namesystem ns = stack.namesystem();
      ns.mkdirs(ROOT, path("/t"), 0755, false);
      int syncsBefore = store.syncs();
      long txidBefore = stack.editLog().lastTxid();
      FileStatus touched = ns.createAsync(ROOT, new NamespacePlanner.CreateArgs(path("/t/f"), 0644, false, false,
          0, 0, "writer").asClosed()).get(60, TimeUnit.SECONDS);
      assertThat(touched.getUnderConstruction()).isFalse();
      assertThat(stack.editLog().lastTxid() - txidBefore).as("one edit adds the file closed").isEqualTo(1);
      assertThat(store.syncs() - syncsBefore).isEqualTo(1);
    }
  }

  @Test
  void theMutationsOfAGroupShareOneSyncThatStartsOnlyAfterTheLast() throws Exception {
    try (GatedKvStore store = new GatedKvStore(RocksKvStore.open(dir, NamespaceSchema.ALL, 8L << 20));
        NamespaceStack stack = formatted(store)) {
      Namesystem ns = stack.namesystem();
      ns.mkdirs(ROOT, path("/g"), 0755, false);
      int syncsBefore = store.syncs();
      List<CompletableFuture<Boolean>> made = ns.inOneSync(() -> {
        List<CompletableFuture<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          futures.add(ns.mkdirsAsync(ROOT, path("/g/d" + i), 0755, false));
        }
        // Visible to the group's own later calls, but nobody has asked for a sync yet.
        assertThat(ns.getFileInfo(ROOT, path("/g/d0"))).isNotNull();
        assertThat(store.syncs()).isEqualTo(syncsBefore);
        return futures;
      });
      for (CompletableFuture<Boolean> m : made) {
        assertThat(m.get(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(store.syncs() - syncsBefore).isEqualTo(1);
      // A call that waits for its own durability inside a group would wait forever: it fails instead.
      assertThatThrownBy(() -> ns.inOneSync(() -> ns.mkdirs(ROOT, path("/g/sync"), 0755, false)))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
