package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.Block;
import io.cairn.proto.FsckFile;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsck's counts of healthy, under-replicated, missing and corrupt blocks, and which files it names. */
class FsckTest {
  @TempDir
  Path dir;

  private NamespaceFixture fx;
  private SimulatedNodes dns;
  private final List<FsckFile> reported = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    fx = NamespaceFixture.open(dir);
    dns = new SimulatedNodes(fx);
    dns.start(4);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private FsckSummary fsck(String path, boolean files) throws IOException {
    reported.clear();
    return fx.stack().fsck().run(path(path), FsckRequest.newBuilder().setFiles(files).setBlocks(files).build(),
        reported::addAll);
  }

  @Test
  void countsEachKindOfProblemAndNamesOnlyTheFilesWithOne() throws IOException {
    dns.file("/d/healthy", 2, "dn1", "dn2");
    dns.file("/d/under", 3, "dn1");
    dns.file("/d/missing", 1, "dn3");
    Block corrupt = dns.file("/d/corrupt", 1, "dn2");
    fx.mkdirs(ROOT, "/d/empty");
    fx.ns().create(ALICE, new CreateArgs(path("/d/open"), 0644, false, false, 3, 0, clientOf(ALICE)));
    fx.dataPath().addBlock(ALICE, path("/d/open"), clientOf(ALICE), null, java.util.Set.of(), "");
    dns.advance(BlockConfig.defaults().deadIntervalMs() + 1, "dn1", "dn2", "dn4");
    dns.tick(); // dn3, the only holder of /d/missing, is dead
    fx.dataPath().reportCorruptReplica("dn2", corrupt, "checksum");

    FsckSummary s = fsck("/", false);
    assertThat(s.getTotalFiles()).isEqualTo(5);
    assertThat(s.getTotalDirs()).isEqualTo(3);
    assertThat(s.getOpenFiles()).isEqualTo(1);
    assertThat(s.getTotalBlocks()).as("the open file's block being written is not counted").isEqualTo(4);
    assertThat(s.getUnderReplicatedBlocks()).isEqualTo(1);
    assertThat(s.getMissingBlocks()).isEqualTo(1);
    assertThat(s.getCorruptBlocks()).isEqualTo(1);
    assertThat(s.getMinimallyReplicatedBlocks()).isEqualTo(2);
    assertThat(s.getDatanodes()).isEqualTo(3);
    assertThat(reported).extracting(FsckFile::getPath)
        .containsExactlyInAnyOrder("/d/under", "/d/missing", "/d/corrupt");

    FsckSummary healthy = fsck("/d/healthy", true);
    assertThat(healthy.getTotalBlocks()).isEqualTo(1);
    assertThat(healthy.getUnderReplicatedBlocks() + healthy.getMissingBlocks() + healthy.getCorruptBlocks()).isZero();
    assertThat(reported).singleElement().satisfies(f -> {
      assertThat(f.getBlocksList()).singleElement().satisfies(b -> assertThat(b.getLiveReplicas()).isEqualTo(2));
    });
  }

  @Test
  void walksDirectoriesLargerThanAPage() throws IOException {
    for (int i = 0; i < Fsck.PAGE + 3; i++) {
      fx.ns().create(ROOT, new CreateArgs(path("/big/f" + i), 0644, false, true, 1, 0, clientOf(ROOT)));
    }
    fx.mkdirs(ROOT, "/big/sub/deeper");
    FsckSummary s = fsck("/", true);
    assertThat(s.getTotalFiles()).isEqualTo(Fsck.PAGE + 3);
    assertThat(s.getTotalDirs()).isEqualTo(4);
    assertThat(reported).hasSize(Fsck.PAGE + 3);
  }

  @Test
  void aMissingPathIsNotFound() throws IOException {
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> fsck("/nope", false));
  }
}
