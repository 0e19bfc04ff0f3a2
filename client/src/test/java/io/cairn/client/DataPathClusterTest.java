package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.client.cli.CliRun;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.client.io.ChunkCrcDigest;
import io.cairn.client.io.FileChecksum;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.testing.Conditions;
import io.cairn.common.testing.PageResidency;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaState;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's streams against a real NameNode and three real DataNodes in this JVM, at their
 * default settings: small files are kept in the namespace, larger or hflushed ones go to blocks.
 */
class DataPathClusterTest {
  static final int BLOCK = 256 * 1024;

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

  static CreateOptions blocksOf(long size) {
    return CreateOptions.defaults().blockSizeBytes(size).replication(3);
  }

  @Test
  void aFileOfSeveralBlocksReadsBackThroughThreeReplicaPipelines() throws Exception {
    byte[] data = bytes(3 * BLOCK + 12_345);
    try (CairnOutputStream out = fs.create("/multi", blocksOf(BLOCK))) {
      for (int off = 0; off < data.length; off += 10_000) {
        out.write(data, off, Math.min(10_000, data.length - off));
      }
    }
    assertThat(fs.stat("/multi").getLengthBytes()).isEqualTo(data.length);
    // close waits for the minimum replication; the other replicas arrive with the DataNodes' next reports.
    Conditions.await("every block of /multi on 3 DataNodes", Duration.ofSeconds(20), () -> fs.getBlockLocations(
        "/multi", 0, -1).getBlocksList().stream().allMatch(b -> b.getLocationsCount() == 3));
    GetBlockLocationsResponse located = fs.getBlockLocations("/multi", 0, -1);
    assertThat(located.getBlocksList()).hasSize(4).allSatisfy(b -> assertThat(b.getLocationsCount()).isEqualTo(3));
    try (CairnInputStream in = fs.open("/multi")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      in.seek(BLOCK - 100);
      byte[] across = new byte[200];
      assertThat(in.readNBytes(across, 0, 200)).isEqualTo(200);
      assertThat(across).isEqualTo(Arrays.copyOfRange(data, BLOCK - 100, BLOCK + 100));
      byte[] tail = new byte[1_000];
      in.readFully(data.length - 1_000, tail);
      assertThat(tail).isEqualTo(Arrays.copyOfRange(data, data.length - 1_000, data.length));
      assertThat(in.getPos()).isEqualTo(BLOCK + 100);
    }
  }

  @Test
  void readsOfAFreshFileStartAtTheOneNodeThatKeptEachBlockInItsPageCache() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "page cache advice is Linux's");
    assumeFalse(Files.getFileStore(tmp).type().equals("tmpfs"), "tmpfs keeps its pages in memory");
    byte[] data = bytes(4 * BLOCK);
    try (CairnOutputStream out = fs.create("/cached", blocksOf(BLOCK))) {
      out.write(data);
    }
    Conditions.await("every block of /cached on 3 DataNodes", Duration.ofSeconds(20), () -> fs.getBlockLocations(
        "/cached", 0, -1).getBlocksList().stream().allMatch(b -> b.getLocationsCount() == 3));
    for (LocatedBlock b : fs.getBlockLocations("/cached", 0, -1).getBlocksList()) {
      Replica replica = new Replica(b.getBlock().getId(), b.getBlock().getGenstamp(), BLOCK, ReplicaState.FINALIZED);
      String first = b.getLocations(0).getUuid();
      for (DataNode dn : cluster.dataNodes) {
        long resident = PageResidency.residentPages(dn.store().volume().layout().blockFile(replica));
        String where = "blk_" + replica.blockId() + " on " + dn.info().getUuid() + ", read first from " + first;
        // The kernel may reclaim a kept page: the kept copy need only be mostly there.
        if (dn.info().getUuid().equals(first)) {
          assertThat(resident).as(where).isGreaterThan(PageResidency.pages(BLOCK) / 2);
        } else {
          assertThat(resident).as(where).isZero();
        }
      }
    }
    try (CairnInputStream in = fs.open("/cached")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aWriterGoesOnWhenItsFileIsRenamedUnderIt() throws IOException {
    byte[] data = bytes(2 * BLOCK + 3_000);
    fs.mkdirs("/moving", true);
    try (CairnOutputStream out = fs.create("/moving/before", blocksOf(BLOCK))) {
      out.write(data, 0, 1_000);
      out.hflush();
      fs.rename("/moving/before", "/moving/after", false);
      // The next block's allocation and the close find the file by its id, wherever it is now.
      out.write(data, 1_000, data.length - 1_000);
    }
    assertThat(fs.exists("/moving/before")).isFalse();
    assertThat(fs.stat("/moving/after").getUnderConstruction()).isFalse();
    try (CairnInputStream in = fs.open("/moving/after")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void hflushedBytesAreVisibleToANewReaderBeforeClose() throws IOException {
    byte[] data = bytes(BLOCK + 5_000);
    try (CairnOutputStream out = fs.create("/flushed", blocksOf(BLOCK))) {
      out.write(data, 0, 1_000);
      out.hflush();
      try (CairnInputStream in = fs.open("/flushed")) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(data, 1_000));
      }
      out.write(data, 1_000, BLOCK + 3_000);
      out.hsync();
      try (CairnInputStream in = fs.open("/flushed")) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(data, BLOCK + 4_000));
      }
      out.write(data, BLOCK + 4_000, 1_000);
    }
    try (CairnInputStream in = fs.open("/flushed")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void appendGoesOnInsideTheLastBlockAndAfterAFullOne() throws IOException {
    byte[] data = bytes(2 * BLOCK + 777);
    try (CairnOutputStream out = fs.create("/appended", blocksOf(BLOCK))) {
      out.write(data, 0, 1_000);
      // In a block, so that the append goes on inside it (a file this small is otherwise kept by the NameNode).
      out.hflush();
    }
    assertThat(fs.getBlockLocations("/appended", 0, -1).getBlocksCount()).isEqualTo(1);
    try (CairnOutputStream out = fs.append("/appended")) {
      out.write(data, 1_000, BLOCK - 1_000);
    }
    try (CairnOutputStream out = fs.append("/appended")) {
      out.write(data, BLOCK, data.length - BLOCK);
    }
    assertThat(fs.getBlockLocations("/appended", 0, -1).getBlocksList()).extracting(LocatedBlock::getOffsetBytes)
        .containsExactly(0L, (long) BLOCK, 2L * BLOCK);
    try (CairnInputStream in = fs.open("/appended")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void theFileChecksumMatchesAcrossBlockSizes() throws IOException {
    byte[] data = bytes(BLOCK + 4_321);
    for (String path : new String[] {"/sum-small", "/sum-large"}) {
      try (CairnOutputStream out = fs.create(path, blocksOf(path.endsWith("small") ? 64 * 1024 : 4 * BLOCK))) {
        out.write(data);
      }
    }
    FileChecksum small = fs.fileChecksum("/sum-small");
    assertThat(small).isEqualTo(fs.fileChecksum("/sum-large"));
    assertThat(small).isEqualTo(new ChunkCrcDigest().updateFrom(new ByteArrayInputStream(data)).finish());
  }

  @Test
  void emptyFilesAndDirectories() throws IOException {
    fs.create("/nothing", CreateOptions.defaults()).close();
    try (CairnInputStream in = fs.open("/nothing")) {
      assertThat(in.read()).isEqualTo(-1);
    }
    fs.mkdirs("/dir", true);
    assertThatThrownBy(() -> fs.open("/dir")).isInstanceOf(CairnException.class)
        .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.IS_DIRECTORY));
    assertThat(fs.datanodeReport().getNodesCount()).isEqualTo(3);
  }

  @Test
  void manySmallFilesReadBack() throws IOException {
    for (int i = 0; i < 10; i++) {
      try (CairnOutputStream out = fs.create("/small/" + i, blocksOf(BLOCK))) {
        out.write(bytes(100 + i));
      }
    }
    for (int i = 0; i < 10; i++) {
      try (CairnInputStream in = fs.open("/small/" + i)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes(100 + i));
      }
    }
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
    byte[] data = bytes(4096);
    long blockFilesBefore = blockFilesOnDataNodes();
    write("/kept/a", data);

    GetBlockLocationsResponse located = fs.getBlockLocations("/kept/a", 0, -1);
    assertThat(located.getBlocksList()).isEmpty();
    assertThat(located.getInlineData().toByteArray()).isEqualTo(data);
    assertThat(fs.getFileInfo("/kept/a").getLengthBytes()).isEqualTo(data.length);
    assertThat(read("/kept/a")).isEqualTo(data);
    try (CairnInputStream in = fs.open("/kept/a")) {
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
  void aKeptFilesChecksumEqualsThatOfTheSameBytesInBlocks() throws IOException {
    byte[] data = bytes(10_000);
    write("/kept/sum", data);
    try (CairnOutputStream out = fs.create("/kept/sum-in-blocks", CreateOptions.defaults())) {
      out.write(data);
      // An hflush puts the bytes in a block: a reader may already see them.
      out.hflush();
    }
    assertThat(fs.getBlockLocations("/kept/sum-in-blocks", 0, -1).getBlocksCount()).isEqualTo(1);
    assertThat(fs.fileChecksum("/kept/sum")).isEqualTo(fs.fileChecksum("/kept/sum-in-blocks"));
    assertThat(read("/kept/sum-in-blocks")).isEqualTo(data);
  }

  @Test
  void appendsGrowAKeptFileAndOneThatOutgrowsTheBoundMovesItIntoBlocks() throws IOException {
    byte[] first = bytes(1000);
    byte[] second = bytes(2000);
    byte[] third = bytes(100_000);
    write("/kept/grow", first);
    try (CairnOutputStream out = fs.append("/kept/grow")) {
      out.write(second);
    }
    assertThat(fs.getBlockLocations("/kept/grow", 0, -1).getBlocksList()).as("3,000 bytes: still kept").isEmpty();
    try (CairnOutputStream out = fs.append("/kept/grow")) {
      out.write(third);
    }
    GetBlockLocationsResponse located = fs.getBlockLocations("/kept/grow", 0, -1);
    assertThat(located.hasInlineData()).isFalse();
    assertThat(located.getBlocksCount()).isEqualTo(1);
    byte[] all = new byte[first.length + second.length + third.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    System.arraycopy(third, 0, all, first.length + second.length, third.length);
    assertThat(read("/kept/grow")).isEqualTo(all);
    assertThat(fs.getFileInfo("/kept/grow").getLengthBytes()).isEqualTo(all.length);
  }

  @Test
  void aFileWrittenWholeIsKeptAndOneTooLargeForTheNamespaceGoesToBlocks() throws IOException {
    try (CairnClient fresh = CairnClient.connect(cluster.address())) {
      // Before its first create answer a client does not know the NameNode's bound.
      assertThat(fresh.writesWhole(4096)).isFalse();
      byte[] first = bytes(4096);
      fresh.writeFile("/whole/first", first, CreateOptions.defaults());
      assertThat(fresh.writesWhole(4096)).isTrue();
      assertThat(fresh.writesWhole(1 << 20)).isFalse();

      byte[] second = bytes(3000);
      long blockFilesBefore = blockFilesOnDataNodes();
      fresh.writeFile("/whole/second", second, CreateOptions.defaults());
      assertThat(read("/whole/second")).isEqualTo(second);
      assertThat(fs.getBlockLocations("/whole/second", 0, -1).getInlineData().toByteArray()).isEqualTo(second);
      assertThat(fs.getFileInfo("/whole/second").getUnderConstruction()).isFalse();
      assertThat(blockFilesOnDataNodes()).isEqualTo(blockFilesBefore);

      assertThat(catchThrowable(() -> fresh.writeFile("/whole/second", first, CreateOptions.defaults())))
          .isInstanceOf(CairnException.class).hasMessageContaining("/whole/second");
      assertThat(read("/whole/second")).as("a refused write changes nothing").isEqualTo(second);
      fresh.writeFile("/whole/second", first, CreateOptions.defaults().overwrite(true));
      assertThat(read("/whole/second")).isEqualTo(first);

      byte[] large = bytes(200_000);
      fresh.writeFile("/whole/large", large, blocksOf(BLOCK));
      assertThat(fs.getBlockLocations("/whole/large", 0, -1).getBlocksCount()).isEqualTo(1);
      assertThat(read("/whole/large")).isEqualTo(large);
    }
  }

  @Test
  void putOfAFolderOfSmallFilesWritesEachWholeAndRefusesExistingOnes() throws IOException {
    Path local = tmp.resolve("many");
    Files.createDirectories(local);
    for (int i = 0; i < 20; i++) {
      Files.write(local.resolve("f" + i), bytes(100 + i));
    }
    assertThat(CliRun.of(cluster.address(), "put", local.toString(), "/put-many").code()).isZero();
    for (int i = 0; i < 20; i++) {
      assertThat(read("/put-many/f" + i)).isEqualTo(Files.readAllBytes(local.resolve("f" + i)));
    }
    assertThat(fs.list("/put-many")).hasSize(20).noneMatch(st -> st.getPath().endsWith("_COPYING_"));
    CliRun again = CliRun.of(cluster.address(), "put", local.toString() + "/f3", "/put-many/f3");
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).contains("/put-many/f3");
  }

  @Test
  void theCommandLineWritesReadsAndReportsAKeptFile() throws IOException {
    Path local = tmp.resolve("note.txt");
    Files.writeString(local, "a small note\n");
    assertThat(CliRun.of(cluster.address(), "mkdir", "/cli").code()).isZero();
    assertThat(CliRun.of(cluster.address(), "put", local.toString(), "/cli/note.txt").code()).isZero();
    Path back = tmp.resolve("note-back.txt");
    assertThat(CliRun.of(cluster.address(), "get", "/cli/note.txt", back.toString()).code()).isZero();
    assertThat(Files.readString(back)).isEqualTo("a small note\n");
    assertThat(CliRun.of(cluster.address(), "ls", "/cli").out()).contains("13 ").contains("/cli/note.txt");
    assertThat(CliRun.of(cluster.address(), "fsck", "/cli", "-files").out())
        .contains("/cli/note.txt 13 bytes").contains("kept in the namespace")
        .contains("Files kept in the namespace:\t1 (13 B)").contains("HEALTHY");
  }

  @Test
  void fsckNamesAnUnderReplicatedFileOnItsLine() throws Exception {
    try (CairnOutputStream out = fs.create("/fsck-under", blocksOf(BLOCK))) {
      out.write(bytes(BLOCK + 5));
    }
    // Four replicas asked of three DataNodes: each block stays one short.
    assertThat(fs.setReplication("/fsck-under", 4)).isTrue();
    String printed = CliRun.of(cluster.address(), "fsck", "/fsck-under", "-files").out();
    assertThat(printed).contains("/fsck-under " + (BLOCK + 5) + " bytes, replicated: replication=4, 2 block(s):  "
        + "Under replicated\n").contains("Target Replicas is 4 but found 3 live replica(s)");
    // The report's totals come from the replication monitor, which queues both blocks for a copy it cannot make.
    Conditions.await("admin report counts both blocks under-replicated", Duration.ofSeconds(20),
        () -> CliRun.of(cluster.address(), "admin", "report").out().contains("\tUnder replicated blocks: 2\n"));
    assertThat(CliRun.of(cluster.address(), "admin", "report").out()).contains("\tMissing blocks: 0\n")
        .contains("\tBlocks with corrupt replicas: 0\n");
    assertThat(fs.setReplication("/fsck-under", 3)).isTrue();
    assertThat(CliRun.of(cluster.address(), "fsck", "/fsck-under", "-files").out())
        .contains("2 block(s):  OK\n").contains("HEALTHY");
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
