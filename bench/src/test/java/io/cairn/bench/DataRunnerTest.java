package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DataRunnerTest {
  /** Files in memory; closing a written file takes one second of {@link #nanos}. */
  private static final class SlowWrites implements Workload {
    final Map<String, byte[]> files = new TreeMap<>();
    long nanos;
    int untimedRuns;

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public OutputStream create(String path, int replication, long blockSizeBytes) {
      return new ByteArrayOutputStream() {
        @Override
        public void close() {
          files.put(path, toByteArray());
          nanos += TimeUnit.SECONDS.toNanos(1);
        }
      };
    }

    @Override
    public InputStream open(String path) throws IOException {
      byte[] b = files.get(path);
      if (b == null) {
        throw new NoSuchFileException(path);
      }
      return new ByteArrayInputStream(b);
    }

    @Override
    public void mkdir(String path) {}

    @Override
    public void deleteTree(String path) {
      files.keySet().removeIf(p -> p.startsWith(path + "/"));
    }

    @Override
    public void createAndClose(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stat(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int list(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void rename(String src, String dst) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<BlockReplicas> blockReplicas(String path) {
      // As Cairn answers for a small file kept in the namespace: no block.
      return List.of();
    }

    @Override
    public Set<String> liveDataNodes() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static DataRunner.Sizes sizes(int smallFiles, int smallWriteSeconds) {
    return new DataRunner.Sizes(8192, smallFiles, 100, 4096, 3, 1 << 20, smallWriteSeconds);
  }

  @Test
  void theSmallFileTimeBoundEndsTheWritingAndTheReadsCountOnlyWhatWasWritten() throws IOException {
    SlowWrites fs = new SlowWrites();
    DataRunner runner = new DataRunner(fs, sizes(10, 3), Map::of, line -> {}, () -> fs.nanos, () -> fs.untimedRuns++);

    Map<Phase, PhaseRunner.Measurement> r = runner.run("/w");

    // The large file's close took one second; then three small files, one second each.
    assertThat(r.get(Phase.SMALL_WRITE).opsPerSec()).isEqualTo(1.0);
    assertThat(runner.keptBytesRead()).isEqualTo(3 * 100);
    assertThat(runner.blockBytesRead()).isEqualTo(8192);
    assertThat(fs.files).isEmpty();
    assertThat(fs.untimedRuns).as("once before each of the four phases").isEqualTo(4);
  }

  @Test
  void withoutATimeBoundEverySmallFileIsWrittenAndRead() throws IOException {
    SlowWrites fs = new SlowWrites();
    DataRunner runner = new DataRunner(fs, sizes(10, 0), Map::of, line -> {}, () -> fs.nanos, () -> fs.untimedRuns++);

    runner.run("/w");

    assertThat(runner.keptBytesRead()).isEqualTo(10 * 100);
  }
}
