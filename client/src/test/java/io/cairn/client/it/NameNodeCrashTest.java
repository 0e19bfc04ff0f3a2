package io.cairn.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NameNode in its own process, killed with SIGKILL while clients mutate: after a restart every
 * acknowledged mutation is there, and each unacknowledged one is all there or not at all.
 */
class NameNodeCrashTest {
  private static final int WRITERS = 8;
  private static final int ACKS_BEFORE_KILL = 1500;

  @TempDir
  Path tmp;

  @Test
  void acknowledgedMutationsSurviveKill9() throws Exception {
    Path dir = tmp.resolve("nn");
    Path log = tmp.resolve("namenode.log");
    int port = DaemonProcess.freePort();
    // Each writer's operations, in order: kind + path(s); acked once the call returned.
    Set<String> ackedDirs = ConcurrentHashMap.newKeySet();
    Set<String> ackedFiles = ConcurrentHashMap.newKeySet();
    Set<String> unackedChains = ConcurrentHashMap.newKeySet();
    // Renames: a file that was at `from` and was moved (acked) or may have moved (unacked) to `to`.
    ConcurrentHashMap<String, String> ackedRenames = new ConcurrentHashMap<>();
    ConcurrentHashMap<String, String> pendingRenames = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();

    try (DaemonProcess nn = DaemonProcess.start(dir, port, log)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          try (CairnClient fs = CairnClient.connect(nn.address())) {
            for (int i = 0; !stop.get() && i < 100_000; i++) {
              String base = "/w" + id + "/op" + i;
              String chain = base + "/x/y/z";
              unackedChains.add(chain);
              fs.mkdirs(chain, true);
              unackedChains.remove(chain);
              ackedDirs.add(chain);
              String file = base + "/f";
              fs.createEmpty(file, false);
              ackedFiles.add(file);
              String moved = base + "/x/g";
              pendingRenames.put(file, moved);
              fs.rename(file, moved, false);
              pendingRenames.remove(file);
              ackedRenames.put(file, moved);
              if (acks.addAndGet(3) >= ACKS_BEFORE_KILL) {
                enough.countDown();
              }
            }
          } catch (CairnException expectedOnceKilled) {
            // The NameNode died under this writer; what it had acknowledged is recorded.
          }
        }, "writer-" + w);
        writers.add(t);
        t.start();
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("writers made progress").isTrue();
      nn.kill9();
      stop.set(true);
      for (Thread t : writers) {
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(t.isAlive()).isFalse();
      }
    }

    try (DaemonProcess restarted = DaemonProcess.start(dir, port, log);
        CairnClient fs = CairnClient.connect(restarted.address())) {
      for (String chain : ackedDirs) {
        FileStatus st = fs.getFileInfo(chain);
        assertThat(st).as(chain).isNotNull();
        assertThat(st.getType()).isEqualTo(InodeType.DIRECTORY);
      }
      for (String chain : unackedChains) {
        // One edit made the whole chain: all of it or none of it.
        String top = chain.substring(0, chain.indexOf("/x/y/z"));
        boolean any = fs.exists(top);
        boolean all = fs.exists(chain);
        assertThat(!any || all).as("half of mkdirs %s is visible", chain).isTrue();
      }
      for (String file : ackedFiles) {
        String moved = ackedRenames.get(file);
        String pending = pendingRenames.get(file);
        if (moved != null) {
          assertThat(fs.exists(moved)).as(moved).isTrue();
          assertThat(fs.exists(file)).as(file).isFalse();
        } else if (pending != null) {
          assertThat(fs.exists(file) ^ fs.exists(pending)).as("%s is at exactly one of its names", file).isTrue();
        } else {
          assertThat(fs.exists(file)).as(file).isTrue();
        }
      }
      assertThat(ackedDirs.size() + ackedFiles.size()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL / 3 * 2);
    }
  }

  @Test
  void twoHundredDirectoriesFromOneCommandSurviveKill9() throws Exception {
    Path dir = tmp.resolve("nn200");
    Path log = tmp.resolve("namenode200.log");
    int port = DaemonProcess.freePort();
    List<String> args = new ArrayList<>(List.of("mkdir", "--namenode", "127.0.0.1:" + port));
    for (int i = 0; i < 200; i++) {
      args.add("/batch/d" + i);
    }
    try (DaemonProcess nn = DaemonProcess.start(dir, port, log)) {
      assertThat(io.cairn.client.cli.CairnCli.run("mkdir", "--namenode", nn.address(), "/batch")).isZero();
      assertThat(io.cairn.client.cli.CairnCli.run(args.toArray(String[]::new))).isZero();
      nn.kill9();
    }
    try (DaemonProcess restarted = DaemonProcess.start(dir, port, log);
        CairnClient fs = CairnClient.connect(restarted.address())) {
      List<String> names = new ArrayList<>();
      for (FileStatus st : fs.list("/batch")) {
        names.add(st.getPath());
      }
      assertThat(names).hasSize(200);
    }
  }

  @Test
  void smallFilesKeptInTheNamespaceSurviveKill9WithTheirBytes() throws Exception {
    Path dir = tmp.resolve("nn-small");
    Path log = tmp.resolve("namenode-small.log");
    int port = DaemonProcess.freePort();
    Map<String, byte[]> acked = new ConcurrentHashMap<>();
    CountDownLatch enough = new CountDownLatch(200);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean killed = new AtomicBoolean();
    List<Throwable> failedBeforeTheKill = new CopyOnWriteArrayList<>();
    // No DataNode at all: files this small never need one.
    try (DaemonProcess nn = DaemonProcess.start(dir, port, log)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          Random random = new Random(id);
          try (CairnClient fs = CairnClient.connect(nn.address())) {
            for (int i = 0; !stop.get() && i < 100_000; i++) {
              String path = "/small/w" + id + "/f" + i;
              byte[] data = new byte[1 + random.nextInt(64 << 10)];
              random.nextBytes(data);
              try (CairnOutputStream out = fs.create(path, CreateOptions.defaults())) {
                out.write(data);
              }
              acked.put(path, data);
              enough.countDown();
            }
          } catch (IOException | RuntimeException e) {
            // Expected once the NameNode died under this writer; what it had acknowledged is recorded.
            if (!killed.get()) {
              failedBeforeTheKill.add(e);
            }
          }
        }, "small-writer-" + w);
        writers.add(t);
        t.start();
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("writers made progress").isTrue();
      killed.set(true);
      nn.kill9();
      stop.set(true);
      for (Thread t : writers) {
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(t.isAlive()).isFalse();
      }
    }
    assertThat(failedBeforeTheKill).as("writes that failed while the NameNode ran").isEmpty();
    try (DaemonProcess restarted = DaemonProcess.start(dir, port, log);
        CairnClient fs = CairnClient.connect(restarted.address())) {
      for (Map.Entry<String, byte[]> e : acked.entrySet()) {
        try (CairnInputStream in = fs.open(e.getKey())) {
          assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
        }
      }
    }
  }
}
