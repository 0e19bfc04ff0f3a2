package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk reserve through the namesystem's own calls: below it, what adds to the namespace is
 * refused and leaves the store as it was, and what a writer in progress, a cleanup or lease
 * recovery needs still goes through.
 */
class LowDiskNamespaceTest {
  private static final DatanodeInfo DN = DatanodeInfo.newBuilder().setUuid("dn-low").setHost("10.0.0.7")
      .setDataPort(9866).build();

  @TempDir
  Path dir;

  private long freeBytes = 10L << 30;
  private long nowMs;
  private NamespaceFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    DiskReserve reserve = new DiskReserve(dir.toString(), 100L << 20, () -> freeBytes, () -> nowMs);
    fx = NamespaceFixture.open(dir, NamespaceLimits.defaults(), reserve);
    fx.dataPath().register(DN, StorageReport.newBuilder().setCapacityBytes(1L << 40).setRemainingBytes(1L << 40)
        .build());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void diskFillsTo(long bytes) {
    freeBytes = bytes;
    nowMs += DiskReserve.CHECK_INTERVAL_MS;
  }

  private Block finalized(Block b, long length) throws IOException {
    Block done = b.toBuilder().setLengthBytes(length).build();
    fx.dataPath().incrementalReport(DN.getUuid(), List.of(ReplicaReport.newBuilder().setBlockId(done.getId())
        .setGenstamp(done.getGenstamp()).setLengthBytes(length).setFinalized(true).build()), List.of());
    return done;
  }

  @Test
  void belowTheReserveNothingIsAddedWhileWritersFinishAndCleanupsGoOn() throws Exception {
    fx.mkdirs(ROOT, "/d");
    fx.ns().setPermission(ROOT, path("/d"), 0777);
    fx.ns().create(ALICE, new CreateArgs(path("/d/big"), 0644, false, false, 1, 0, clientOf(ALICE)));
    Block first = fx.dataPath().addBlock(ALICE, path("/d/big"), clientOf(ALICE), null, Set.of(), "").getBlock();
    fx.ns().create(ALICE, new CreateArgs(path("/d/small"), 0644, false, false, 1, 0, clientOf(ALICE)));
    fx.createFile(ROOT, "/d/old", 10);

    diskFillsTo(40L << 20);

    Block written = finalized(first, 1000);
    fx.assertFailsUnchanged(ErrorCode.NO_SPACE, () -> fx.dataPath().addBlock(ALICE, path("/d/big"), clientOf(ALICE),
        written, Set.of(), ""));
    fx.assertFailsUnchanged(ErrorCode.NO_SPACE, () -> fx.ns().mkdirs(ROOT, path("/new"), 0755, true));
    fx.assertFailsUnchanged(ErrorCode.NO_SPACE, () -> fx.ns().create(ALICE,
        new CreateArgs(path("/d/other"), 0644, false, false, 1, 0, clientOf(ALICE))));
    fx.assertFailsUnchanged(ErrorCode.NO_SPACE, () -> fx.ns().completeInline(ALICE, path("/d/small"), clientOf(ALICE),
        ByteString.copyFromUtf8("kept bytes")));
    fx.assertFailsUnchanged(ErrorCode.NO_SPACE, () -> fx.dataPath().append(ROOT, path("/d/old"), clientOf(ROOT)));

    assertThat(fx.ns().complete(ALICE, path("/d/big"), clientOf(ALICE), 0, written))
        .as("a writer whose blocks are written still closes").isTrue();
    assertThat(fx.ns().complete(ALICE, path("/d/small"), clientOf(ALICE), 0)).as("an empty close adds nothing").isTrue();
    assertThat(fx.ns().rename(ROOT, path("/d/old"), path("/d/renamed"), false, false)).isTrue();
    fx.ns().setPermission(ROOT, path("/d/renamed"), 0600);
    assertThat(fx.ns().delete(ROOT, path("/d/renamed"), false)).isTrue();
    assertThat(fx.status("/d/big").getLengthBytes()).isEqualTo(1000);

    diskFillsTo(1L << 30);
    fx.ns().mkdirs(ROOT, path("/new"), 0755, true);
    assertThat(fx.status("/new")).isNotNull();
  }

  @Test
  void leaseRecoveryClosesAnAbandonedFileBelowTheReserve() throws Exception {
    fx.mkdirs(ROOT, "/d");
    fx.ns().setPermission(ROOT, path("/d"), 0777);
    fx.ns().create(ALICE, new CreateArgs(path("/d/abandoned"), 0644, false, false, 1, 0, clientOf(ALICE)));
    diskFillsTo(1L << 20);

    fx.clock().advance(BlockConfig.defaults().leaseHardLimitMs() + 1);
    fx.leaseMonitor().check();

    assertThat(fx.status("/d/abandoned").getUnderConstruction()).isFalse();
  }
}
