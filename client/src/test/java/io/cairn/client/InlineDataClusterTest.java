package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.cli.CairnCli;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.proto.GetBlockLocationsResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files kept in the namespace, against a real NameNode and DataNodes at their default settings:
 * they need no DataNode, read back like any file, and move to blocks when they grow.
 */
class InlineDataClusterTest {
  @TempDir
  static Path tmp;

  static MiniDataCluster cluster;
  static CairnClient fs;

  @BeforeAll
  static void start() throws IOException {
    cluster = MiniDataCluster.start(tmp, 3);
    fs = CairnClient.connect(cluster.address());
  }

  @AfterAll
  static void stop() {
    if (fs != null) {
      fs.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void write(String path, byte[] data) throws IOException {
    try (CairnOutputStream out = fs.create(path, CreateOptions.defaults())) {
      out.write(data);
    }
  }

  static byte[] read(String path) throws IOException {
    try (CairnInputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  static long blockFilesOnDataNodes() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("blk_")).count();
    }
  }

  @Test
  void aSmallFileIsKeptInTheNamespaceAndReadsBackWithSeeksAndPositionalReads() throws IOException {
    byte[] data = bytes(4096, 1);
    long blockFilesBefore = blockFilesOnDataNodes();
    write("/small/a", data);

    GetBlockLocationsResponse located = fs.getBlockLocations("/small/a", 0, -1);
    assertThat(located.getBlocksList()).isEmpty();
    assertThat(located.getInlineData().toByteArray()).isEqualTo(data);
    assertThat(fs.getFileInfo("/small/a").getLengthBytes()).isEqualTo(data.length);
    assertThat(read("/small/a")).isEqualTo(data);
    try (CairnInputStream in = fs.open("/small/a")) {
      in.seek(4000);
      byte[] tail = in.readAllBytes();
      assertThat(tail).isEqualTo(Arrays.copyOfRange(data, 4000, 4096));
      byte[] middle = new byte[100];
      assertThat(in.read(1000, middle, 0, 100)).isEqualTo(100);
      assertThat(middle).isEqualTo(Arrays.copyOfRange(data, 1000, 1100));
      assertThat(in.read(4096, middle, 0, 1)).isEqualTo(-1);
    }
    assertThat(blockFilesOnDataNodes()).as("no DataNode was asked for a block").isEqualTo(blockFilesBefore);
  }

  @Test
  void itsChecksumEqualsThatOfTheSameBytesInBlocks() throws IOException {
    byte[] data = bytes(10_000, 2);
    write("/sum/kept", data);
    try (CairnOutputStream out = fs.create("/sum/blocks", CreateOptions.defaults())) {
      out.write(data);
      // An hflush puts the bytes in a block: a reader may already see them.
      out.hflush();
    }
    assertThat(fs.getBlockLocations("/sum/blocks", 0, -1).getBlocksCount()).isEqualTo(1);
    assertThat(fs.fileChecksum("/sum/kept")).isEqualTo(fs.fileChecksum("/sum/blocks"));
    assertThat(read("/sum/blocks")).isEqualTo(data);
  }

  @Test
  void appendsGrowAKeptFileAndOneThatOutgrowsTheBoundMovesItIntoBlocks() throws IOException {
    byte[] first = bytes(1000, 3);
    byte[] second = bytes(2000, 4);
    byte[] third = bytes(100_000, 5);
    write("/grow/f", first);
    try (CairnOutputStream out = fs.append("/grow/f")) {
      out.write(second);
    }
    assertThat(fs.getBlockLocations("/grow/f", 0, -1).getBlocksList()).as("3,000 bytes: still kept").isEmpty();
    try (CairnOutputStream out = fs.append("/grow/f")) {
      out.write(third);
    }
    GetBlockLocationsResponse located = fs.getBlockLocations("/grow/f", 0, -1);
    assertThat(located.hasInlineData()).isFalse();
    assertThat(located.getBlocksCount()).isEqualTo(1);
    byte[] all = new byte[first.length + second.length + third.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    System.arraycopy(third, 0, all, first.length + second.length, third.length);
    assertThat(read("/grow/f")).isEqualTo(all);
    assertThat(fs.getFileInfo("/grow/f").getLengthBytes()).isEqualTo(all.length);
  }

  @Test
  void theCommandLineWritesReadsAndReportsAKeptFile() throws IOException {
    Path local = tmp.resolve("note.txt");
    Files.writeString(local, "a small note\n");
    assertThat(cairn("put", local.toString(), "/cli/note.txt")[0]).isEqualTo("0");
    Path back = tmp.resolve("note-back.txt");
    assertThat(cairn("get", "/cli/note.txt", back.toString())[0]).isEqualTo("0");
    assertThat(Files.readString(back)).isEqualTo("a small note\n");
    assertThat(cairn("ls", "/cli")[1]).contains("13 ").contains("/cli/note.txt");
    String[] fsck = cairn("fsck", "/cli", "-files");
    assertThat(fsck[1]).contains("/cli/note.txt 13 bytes").contains("kept in the namespace")
        .contains("Files kept in the namespace:\t1 (13 B)").contains("HEALTHY");
  }

  /** Runs the cairn command: exit code, stdout, stderr. */
  static String[] cairn(String command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = command;
    all[1] = "--namenode=" + cluster.address();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = CairnCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
