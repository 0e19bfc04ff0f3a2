package io.cairn.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.io.CairnInputStream;
import io.cairn.common.testing.Conditions;
import io.cairn.proto.LocatedBlock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL in the middle of a file: after the NameNode's lease recovery
 * (hard limit of 1 s here) the file is closed with at least every byte the writer's hflush
 * acknowledged, and reads back byte for byte.
 */
class WriterKillTest {
  private static final int BLOCK = 64 << 10;
  private static final int HFLUSHED = 2 * BLOCK + 10_000;
  private static final int STEP = 20_000;
  private static final int TAIL = 5_000;
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  @Test
  void aWriterKilledMidFileLeavesItClosedWithEveryAcknowledgedByte() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(tmp, 3, 1, List.of(),
        List.of("cairn.lease.soft-limit-ms=1000", "cairn.lease.hard-limit-ms=1000"));
        CairnClient fs = CairnClient.connect(cluster.address())) {
      Conditions.await("3 DataNodes live", LIMIT, () -> cluster.liveDataNodes(fs) == 3);
      Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx256m",
          "-cp", System.getProperty("java.class.path"), HflushingWriter.class.getName(), cluster.address(),
          "/killed", Integer.toString(BLOCK), Integer.toString(HFLUSHED), Integer.toString(STEP),
          Integer.toString(TAIL)).redirectErrorStream(true).start();
      long acked = 0;
      List<String> output = new ArrayList<>();
      try {
        BlockingQueue<String> lines = pump(writer);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String line = "";
        while (!line.equals("tail written")) {
          line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          assertThat(line).as("the writer's next line; so far %s", output).isNotNull();
          output.add(line);
          if (line.startsWith("acked ")) {
            acked = Long.parseLong(line.substring(6));
          }
        }
      } finally {
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("the writer is gone").isTrue();
      }
      assertThat(acked).isEqualTo(HFLUSHED);
      assertThat(fs.stat("/killed").getUnderConstruction()).as("still open right after the kill").isTrue();

      Conditions.await("the NameNode's lease recovery closes /killed", LIMIT,
          () -> !fs.stat("/killed").getUnderConstruction());
      long length = fs.stat("/killed").getLengthBytes();
      assertThat(length).as("at least what hflush acknowledged, at most what was written")
          .isBetween(acked, acked + TAIL);
      Conditions.await("the last block finalized on 3 DataNodes", LIMIT, () -> {
        LocatedBlock last = fs.getBlockLocations("/killed", 0, -1).getBlocksList().getLast();
        return !last.getUnderConstruction() && last.getLocationsCount() == 3;
      });
      try (CairnInputStream in = fs.open("/killed")) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(HflushingWriter.content(HFLUSHED + TAIL), (int) length));
      }
    }
  }

  /** The process's output lines, read on a thread of their own. */
  private static BlockingQueue<String> pump(Process p) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // The process died: the test sees no more lines.
      }
    }, "writer-output-" + p.pid());
    t.setDaemon(true);
    t.start();
    return lines;
  }
}
