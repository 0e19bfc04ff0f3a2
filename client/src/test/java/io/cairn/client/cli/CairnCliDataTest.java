package io.cairn.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.MiniDataCluster;
import io.cairn.common.testing.LiveFiles;
import io.cairn.proto.FileStatus;
import io.cairn.proto.LocatedBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put, get, cat, appendToFile, checksum, setrep -w, df and admin report against a NameNode and three DataNodes. */
class CairnCliDataTest {
  @TempDir
  static Path tmp;

  static MiniDataCluster cluster;

  @BeforeAll
  static void start() throws IOException {
    // These tests look at the replicas of the files they put, small ones too.
    cluster = MiniDataCluster.start(tmp.resolve("cluster"), 3, MiniDataCluster.BLOCKS_ONLY);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static CliRun cairn(String... args) {
    return CliRun.of(cluster.address(), args);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The finalized block files named blk_ID on every DataNode's disk. */
  private static List<Path> replicaFiles(long blockId) throws IOException {
    return LiveFiles.under(tmp.resolve("cluster"), p -> p.getFileName().toString().equals("blk_" + blockId)
        && p.toString().contains("finalized"));
  }

  @Test
  void cpTestRmdirAndTouchzAsHdfsDfs() throws IOException {
    Path src = tmp.resolve("cp-src");
    Files.createDirectories(src.resolve("sub"));
    byte[] big = random(300_000, 11);
    Files.write(src.resolve("big.bin"), big);
    Files.write(src.resolve("sub/small.txt"), "small\n".getBytes());
    assertThat(cairn("put", "--block-size", "64k", "--replication", "2", src.toString(), "/cp").code()).isZero();

    assertThat(cairn("cp", "/cp", "/cp-copy").code()).isZero();
    assertThat(cairn("cat", "/cp-copy/big.bin").code()).isZero();
    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      assertThat(fs.open("/cp-copy/big.bin").readAllBytes()).isEqualTo(big);
      assertThat(fs.getFileInfo("/cp-copy/big.bin").getReplication()).as("the destination's default").isEqualTo(3);
      assertThat(cairn("cp", "-p", "/cp/big.bin", "/cp-kept.bin").code()).isZero();
      FileStatus kept = fs.getFileInfo("/cp-kept.bin");
      assertThat(kept.getReplication()).isEqualTo(2);
      assertThat(kept.getBlockSizeBytes()).isEqualTo(64 * 1024);
      assertThat(kept.getMtimeMs()).isEqualTo(fs.getFileInfo("/cp/big.bin").getMtimeMs());
    }
    assertThat(cairn("cat", "/cp-copy/sub/small.txt").code()).isZero();
    assertThat(cairn("cp", "/cp/big.bin", "/cp-kept.bin").err()).isEqualTo("cairn: cp: /cp-kept.bin: File exists\n");
    assertThat(cairn("cp", "-f", "/cp/sub/small.txt", "/cp-kept.bin").code()).isZero();
    assertThat(cairn("cp", "/cp", "/cp/sub").err()).contains("cannot copy a directory into itself");
    assertThat(cairn("cp", "-f", "/cp/*.bin", "/cp/sub/*.txt", "/cp-copy/sub").code()).as("patterns into a directory")
        .isZero();
    assertThat(cairn("ls", "-C", "/cp-copy/sub").lines()).containsExactly("/cp-copy/sub/big.bin",
        "/cp-copy/sub/small.txt");

    assertThat(cairn("test", "-e", "/cp").code()).isZero();
    assertThat(cairn("test", "-d", "/cp").code()).isZero();
    assertThat(cairn("test", "-f", "/cp").code()).isEqualTo(1);
    assertThat(cairn("test", "-s", "/cp/big.bin").code()).isZero();
    assertThat(cairn("test", "-e", "/cp/none").code()).isEqualTo(1);
    assertThat(cairn("test", "-e", "/cp/none").err()).isEmpty();
    assertThat(cairn("test", "-e", "-d", "/cp").code()).as("one question at a time").isEqualTo(2);
    assertThat(cairn("test", "-d", "/cp/*").code()).as("every match must pass").isEqualTo(1);
    assertThat(cairn("test", "-e", "/cp/*").code()).isZero();
    CliRun below = cairn("test", "-e", "/cp/big.bin/below");
    assertThat(below.code()).isEqualTo(1);
    assertThat(below.err()).as("below a file: false, silently").isEmpty();

    assertThat(cairn("touchz", "/cp/empty").code()).isZero();
    assertThat(cairn("test", "-z", "/cp/empty").code()).isZero();
    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      fs.setTimes("/cp/empty", 1000, 1000);
      assertThat(cairn("touchz", "/cp/empty").code()).as("an empty file is made again").isZero();
      assertThat(fs.getFileInfo("/cp/empty").getMtimeMs()).isGreaterThan(1000);
    }
    assertThat(cairn("touchz", "/cp/big.bin").err()).endsWith("/cp/big.bin: Not a zero-length file\n");
    assertThat(cairn("mkdir", "/cp/hollow").code()).isZero();
    assertThat(cairn("rmdir", "/cp/sub").err()).contains("/cp/sub");
    assertThat(cairn("rmdir", "--ignore-fail-on-non-empty", "/cp/sub").code()).isZero();
    assertThat(cairn("rmdir", "/cp/hollow").code()).isZero();
    assertThat(cairn("test", "-e", "/cp/hollow").code()).isEqualTo(1);
    assertThat(cairn("rmdir", "/cp/empty").err()).endsWith(": Not a directory\n");
  }

  @Test
  void putAndGetATreeByteForByteWithEveryBlockOnThreeDisks() throws IOException {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("sub/deeper"));
    Files.write(src.resolve("big.bin"), random(300_000, 1));
    Files.write(src.resolve("sub/small.txt"), "hello\n".getBytes());
    Files.write(src.resolve("sub/deeper/empty"), new byte[0]);
    assertThat(cairn("put", "--block-size", "64k", src.toString(), "/tree").code()).isZero();
    assertThat(cairn("ls", "-R", "/tree").out()).contains(" 300000 ").contains("/tree/sub/deeper/empty");

    Path back = tmp.resolve("back");
    assertThat(cairn("get", "/tree", back.toString()).code()).isZero();
    assertThat(Files.readAllBytes(back.resolve("big.bin"))).isEqualTo(Files.readAllBytes(src.resolve("big.bin")));
    assertThat(Files.readString(back.resolve("sub/small.txt"))).isEqualTo("hello\n");
    assertThat(Files.size(back.resolve("sub/deeper/empty"))).isZero();

    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      List<LocatedBlock> blocks = fs.getBlockLocations("/tree/big.bin", 0, -1).getBlocksList();
      assertThat(blocks).hasSize(5);
      for (LocatedBlock b : blocks) {
        List<Path> files = replicaFiles(b.getBlock().getId());
        assertThat(files).as("replicas of block %s", b.getBlock().getId()).hasSize(3);
        assertThat(files.stream().map(p -> tmp.resolve("cluster").relativize(p).getName(0)).distinct()).hasSize(3);
        for (Path f : files) {
          assertThat(Files.size(f)).isEqualTo(b.getBlock().getLengthBytes());
        }
      }
    }
  }

  @Test
  void catAppendToFileAndStdin() throws IOException {
    Path part = tmp.resolve("part.txt");
    Files.writeString(part, "one\n");
    InputStream stdin = System.in;
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream("from stdin\n".getBytes()));
      assertThat(cairn("put", "-", "/piped.txt").code()).isZero();
      assertThat(cairn("appendToFile", part.toString(), "/piped.txt").code()).isZero();
      System.setOut(new PrintStream(captured, true));
      assertThat(cairn("cat", "/piped.txt").code()).isZero();
    } finally {
      System.setIn(stdin);
      System.setOut(stdout);
    }
    assertThat(captured.toString()).isEqualTo("from stdin\none\n");
  }

  @Test
  void checksumsAgreeAcrossBlockSizesAndDiffer() throws IOException {
    Path data = tmp.resolve("sum.bin");
    Files.write(data, random(200_000, 2));
    cairn("put", "--block-size", "64k", data.toString(), "/sum-a");
    cairn("put", "--block-size", "1m", data.toString(), "/sum-b");
    Files.write(data, random(200_000, 3));
    cairn("put", data.toString(), "/sum-c");
    String a = cairn("checksum", "/sum-a").out().split("\t")[2];
    String b = cairn("checksum", "/sum-b").out().split("\t")[2];
    String c = cairn("checksum", "/sum-c").out().split("\t")[2];
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void setrepWaitsForTheNewReplication() throws IOException {
    Path data = tmp.resolve("rep.bin");
    Files.write(data, random(10_000, 4));
    assertThat(cairn("put", "--replication", "1", data.toString(), "/rep").code()).isZero();
    CliRun r = cairn("setrep", "-w", "--timeout", "60", "3", "/rep");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("done");
    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      long id = fs.getBlockLocations("/rep", 0, -1).getBlocks(0).getBlock().getId();
      assertThat(replicaFiles(id)).hasSize(3);
    }
  }

  @Test
  void aCorruptByteOnEveryReplicaIsCaughtByTheChecksum() throws IOException {
    Path data = tmp.resolve("corrupt.bin");
    Files.write(data, random(5_000, 5));
    cairn("put", data.toString(), "/corrupt");
    long id;
    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      id = fs.getBlockLocations("/corrupt", 0, -1).getBlocks(0).getBlock().getId();
    }
    for (Path replica : replicaFiles(id)) {
      try (RandomAccessFile f = new RandomAccessFile(replica.toFile(), "rw")) {
        f.seek(1234);
        int b = f.read();
        f.seek(1234);
        f.write(b ^ 0x40);
      }
    }
    CliRun r = cairn("get", "/corrupt", tmp.resolve("corrupt.out").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).containsIgnoringCase("checksum");
    assertThat(tmp.resolve("corrupt.out")).as("no partial copy under the name").doesNotExist();
    // A failed read leaves the local file it would have replaced as it was.
    Path precious = Files.writeString(tmp.resolve("precious"), "PRECIOUS\n");
    assertThat(cairn("get", "-f", "/corrupt", precious.toString()).code()).isEqualTo(1);
    assertThat(Files.readString(precious)).isEqualTo("PRECIOUS\n");
    try (var left = Files.list(tmp)) {
      assertThat(left.map(Path::toString)).noneMatch(n -> n.endsWith(Copier.COPYING_SUFFIX));
    }
  }

  @Test
  void aCopyLeavesAnotherCopysTemporaryFileAlone() throws IOException {
    Path local = Files.writeString(tmp.resolve("second"), "second\n");
    String busy = "/busy-copy/f";
    String temp = busy + Copier.COPYING_SUFFIX;
    assertThat(cairn("mkdir", "/busy-copy").code()).isZero();
    try (CairnClient other = CairnClient.connect(cluster.address())) {
      try (OutputStream live = other.create(temp, CreateOptions.defaults())) {
        live.write("first copy, still being written\n".getBytes());
        live.flush();
        // Refused by the live copy's lease: the refused copy must not delete what it did not make.
        assertThat(cairn("put", local.toString(), busy).code()).isEqualTo(1);
        assertThat(cairn("test", "-e", temp).code()).as("the live copy's file").isZero();
        live.write("and finished\n".getBytes());
      }
      try (InputStream in = other.open(temp)) {
        assertThat(new String(in.readAllBytes())).isEqualTo("first copy, still being written\nand finished\n");
      }
    }
    assertThat(cairn("rm", "-r", "/busy-copy").code()).isZero();
  }

  @Test
  void localErrorsReadLikeTheShell() throws IOException {
    CliRun missing = cairn("put", tmp.resolve("nope").toString(), "/x");
    assertThat(missing.err()).isEqualTo("cairn: put: " + tmp.resolve("nope") + ": No such file or directory\n");
    Path existing = tmp.resolve("existing");
    Files.writeString(existing, "keep");
    cairn("put", existing.toString(), "/existing");
    assertThat(cairn("get", "/existing", existing.toString()).err()).endsWith(": File exists\n");
    assertThat(Files.readString(existing)).isEqualTo("keep");
    assertThat(cairn("put", existing.toString(), "/existing").err()).contains("File exists");
    CliRun badSize = cairn("put", "--block-size", "12q", existing.toString(), "/other");
    assertThat(badSize.code()).isEqualTo(2);
    assertThat(badSize.err()).startsWith("cairn: put: --block-size: ").contains("not a size");
    CliRun unaligned = cairn("put", "--block-size", "1000", existing.toString(), "/other");
    assertThat(unaligned.code()).isEqualTo(2);
    assertThat(unaligned.err()).startsWith("cairn: put: --block-size must be a positive multiple of 512 bytes");
    Path noFolder = tmp.resolve("no-folder");
    assertThat(cairn("get", "/existing", "/existing", noFolder.toString()).err())
        .startsWith("cairn: get: " + noFolder + " (copying several sources needs a local directory): No such file");
  }

  @Test
  void putAndTouchNeedTheFolderToExistAndMakeNothingWhenItDoesNot() throws IOException {
    Path local = tmp.resolve("one-file");
    Files.writeString(local, "x");
    assertThat(cairn("put", local.toString(), "/no-parent/f").err())
        .isEqualTo("cairn: put: /no-parent/f: No such file or directory\n");
    assertThat(cairn("put", local.toString(), "/no-folder/").err())
        .isEqualTo("cairn: put: /no-folder/: No such file or directory\n");
    assertThat(cairn("touch", "/no-parent2/f").err()).isEqualTo("cairn: touch: /no-parent2/f: No such file or directory\n");
    assertThat(cairn("put", local.toString(), "/plain").code()).isZero();
    assertThat(cairn("put", local.toString(), "/plain/f").err()).isEqualTo("cairn: put: /plain: Not a directory\n");
    for (String made : List.of("/no-parent", "/no-folder", "/no-parent2")) {
      assertThat(cairn("stat", made).code()).as(made).isNotZero();
    }

    CliRun zero = cairn("put", "--replication", "0", local.toString(), "/r0");
    assertThat(zero.code()).as("a usage error").isEqualTo(2);
    assertThat(zero.err()).startsWith("cairn: put: --replication must be at least 1, not 0\n");
    assertThat(cairn("put", "--block-size", "0", local.toString(), "/b0").err()).contains("--block-size must be a positive multiple of 512");
    assertThat(cairn("stat", "/r0").code()).isNotZero();

    assertThat(cairn("mkdir", "/into").code()).isZero();
    assertThat(cairn("put", local.toString(), "/into/").code()).isZero();
    assertThat(cairn("stat", "/into/one-file").code()).isZero();
  }

  @Test
  void aPutThatFailsMidwayLeavesNeitherThePartialFileNorItsTemporaryName() throws IOException {
    InputStream failing = new InputStream() {
      private int left = 200_000;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          throw new IOException("the source broke");
        }
        left--;
        return 7;
      }
    };
    InputStream stdin = System.in;
    CliRun r;
    try {
      System.setIn(failing);
      r = cairn("put", "--block-size", "64k", "-", "/halfway.bin");
    } finally {
      System.setIn(stdin);
    }
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("the source broke");
    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      assertThat(fs.getFileInfo("/halfway.bin")).isNull();
      assertThat(fs.getFileInfo("/halfway.bin" + Copier.COPYING_SUFFIX)).isNull();
    }

    Path whole = tmp.resolve("whole.bin");
    Files.write(whole, random(100_000, 3));
    assertThat(cairn("put", whole.toString(), "/whole.bin").code()).isZero();
    assertThat(cairn("ls", "/").out()).contains("/whole.bin").doesNotContain(Copier.COPYING_SUFFIX);
  }

  @Test
  void dfAndAdminReportShowTheDataNodesAndSafemodeSaysItsStateOnce() {
    CliRun df = cairn("df", "-h");
    assertThat(df.code()).isZero();
    assertThat(df.out()).startsWith("Filesystem").contains("cairn://" + cluster.address());
    CliRun report = cairn("admin", "report");
    assertThat(report.out()).contains("Live datanodes (3):").contains("Dead datanodes (0):");

    assertThat(cairn("admin", "safemode", "enter").out().lines()).hasSize(1)
        .allMatch(l -> l.startsWith("Safe mode is ON"));
    CliRun on = cairn("admin", "safemode", "get");
    assertThat(on.out().lines()).as(on.out()).hasSize(1)
        .allMatch(l -> l.startsWith("Safe mode is ON. It was turned on manually"));
    assertThat(cairn("admin", "safemode", "leave").out()).isEqualTo("Safe mode is OFF\n");
  }
}
