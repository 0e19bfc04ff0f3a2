package io.cairn.bench;

import io.cairn.namenode.editlog.StoreEditLog;
import io.cairn.namenode.store.KvStore;
import io.cairn.namenode.store.Keys;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.RocksKvStore;
import io.cairn.proto.AddInodeEdit;
import io.cairn.proto.EditOp;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The NameNode's durable-edit path alone, without RPC: threads append edits shaped like a mkdirs
 * under one lock (as the namespace write lock) and wait for each to be durable, so the store's
 * commit, its journal and the group commit are all that is measured. See docs/benchmarks.md.
 */
@Command(name = "editlog-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Durable edits per second through the NameNode's edit log and store, without RPC.")
public final class EditLogBenchmark implements Callable<Integer> {
  @Option(names = "--threads", split = ",", defaultValue = "1,8,32", description = "Thread counts (default ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(names = "--seconds", defaultValue = "6", description = "Measured seconds per thread count (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "3", description = "Unmeasured seconds before each (default ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--dir", description = "Folder for the store, on the disk to measure (default: a new one under bench/target).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path parent = dir != null ? dir : Path.of("bench", "target");
    Files.createDirectories(parent);
    Path storeDir = Files.createTempDirectory(parent, "editlog-");
    try (KvStore store = RocksKvStore.open(storeDir, NamespaceSchema.ALL, 8 << 20)) {
      StoreEditLog log = new StoreEditLog(store,
          (op, batch) -> batch.put(NamespaceSchema.DIRENTS, Keys.long8(op.getTxid()), op.getAddInode().toByteArray()),
          // A failed sync fails every waiting edit too, and the editors report it.
          failure -> { });
      try {
        System.out.printf("Edit log benchmark: durable edits per second (append under one lock, then wait), store in %s%n",
            storeDir);
        for (int n : threads) {
          System.out.printf("  %2d threads  %,10.0f edits/s%n", n, run(log, n));
        }
      } finally {
        log.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(storeDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return 0;
  }

  private double run(StoreEditLog log, int threadCount) throws Exception {
    ReentrantLock lock = new ReentrantLock();
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Throwable> failures = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      workers.add(Thread.ofPlatform().name("editor-" + t).start(() -> {
        try {
          while (!stop.get()) {
            long txid;
            lock.lock();
            try {
              long id = log.lastTxid() + 1000;
              txid = log.append(EditOp.newBuilder().setAddInode(AddInodeEdit.newBuilder().setInode(Inode.newBuilder()
                  .setId(id).setParentId(2).setName("dir-" + id).setType(InodeType.DIRECTORY).setMode(0755)
                  .setOwner("bench").setGroup("bench").setMtimeMs(id).setAtimeMs(id))));
            } finally {
              lock.unlock();
            }
            log.awaitDurable(txid);
            done.incrementAndGet();
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }));
    }
    Thread.sleep(warmupSeconds * 1000L);
    long before = done.get();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    double rate = (done.get() - before) * 1e9 / (System.nanoTime() - start);
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("an editor failed", failures.get(0));
    }
    return rate;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EditLogBenchmark()).execute(args));
  }
}
