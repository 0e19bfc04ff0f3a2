package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.block.SafeMode;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.Block;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up and manual safe mode: every mutation refused, sync or async, until enough blocks are reported. */
class SafeModeTest {
  private static final BlockConfig CONFIG = BlockConfig.defaults();

  @TempDir
  Path dir;

  private NamespaceFixture fx;
  private SimulatedNodes dns;

  @BeforeEach
  void setUp() throws IOException {
    fx = NamespaceFixture.open(dir);
    dns = new SimulatedNodes(fx);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private SafeMode safeMode() {
    return fx.blocks().safeMode();
  }

  private void assertMutationsRefused() throws IOException {
    CairnException e = fx.assertFailsUnchanged(ErrorCode.SAFE_MODE, () -> fx.ns().mkdirs(ROOT, path("/x"), 0755, true));
    assertThat(e.getMessage()).contains("safe mode");
    fx.assertFailsUnchanged(ErrorCode.SAFE_MODE, () -> fx.ns().mkdirsAsync(ROOT, path("/x"), 0755, true));
    fx.assertFailsUnchanged(ErrorCode.SAFE_MODE, () -> fx.ns().deleteAsync(ROOT, path("/d"), true));
    fx.assertFailsUnchanged(ErrorCode.SAFE_MODE, () -> fx.ns().createAsync(ALICE,
        new CreateArgs(path("/d/g"), 0644, false, false, 1, 0, clientOf(ALICE))));
    fx.assertFailsUnchanged(ErrorCode.SAFE_MODE, () -> fx.ns().setReplication(ROOT, path("/d/a"), 2));
    fx.assertFailsUnchanged(ErrorCode.SAFE_MODE, () -> fx.dataPath().recoverLease(ROOT, path("/d/a")));
  }

  @Test
  void startsOnWithBlocksUnreportedAndLeavesByItselfAfterTheExtension() throws IOException {
    dns.start(2);
    Block a = dns.file("/d/a", 1, "dn1");
    Block b = dns.file("/d/b", 1, "dn2");
    fx.restart();
    dns = new SimulatedNodes(fx);
    dns.start(2);
    fx.stack().startSafeMode();
    assertThat(safeMode().isOn()).isTrue();
    assertThat(safeMode().totalBlocks()).isEqualTo(2);
    assertMutationsRefused();
    assertThat(fx.ns().getFileInfo(ROOT, path("/d/a"))).as("reads go on").isNotNull();

    dns.fullReport("dn1", a);
    dns.tick();
    assertThat(safeMode().status()).contains("needs additional 1 blocks");
    dns.fullReport("dn2", b);
    dns.tick();
    assertThat(safeMode().isOn()).as("the extension keeps it on a while").isTrue();
    assertThat(safeMode().status()).contains("will be turned off automatically");
    dns.advance(CONFIG.safeModeExtensionMs(), "dn1", "dn2");
    dns.tick();
    assertThat(safeMode().isOn()).isFalse();
    assertThat(fx.ns().mkdirs(ROOT, path("/x"), 0755, true)).isTrue();
  }

  @Test
  void aNodeLostDuringTheExtensionHoldsItOn() throws IOException {
    dns.start(1);
    Block a = dns.file("/d/a", 1, "dn1");
    fx.restart();
    dns = new SimulatedNodes(fx);
    dns.start(1);
    fx.stack().startSafeMode();
    dns.fullReport("dn1", a);
    dns.tick();
    dns.advance(CONFIG.deadIntervalMs() + 1);
    dns.tick();
    assertThat(safeMode().isOn()).as("the only replica's node died: below the threshold again").isTrue();
  }

  @Test
  void anEmptyNamespaceStartsWritable() throws IOException {
    fx.stack().startSafeMode();
    assertThat(safeMode().isOn()).isFalse();
  }

  @Test
  void manualSafeModeStaysUntilLeft() throws IOException {
    dns.start(1);
    dns.file("/d/a", 1, "dn1");
    safeMode().enter();
    dns.tick();
    assertThat(safeMode().status()).contains("manually");
    assertMutationsRefused();
    safeMode().leave();
    assertThat(fx.ns().mkdirs(ROOT, path("/x"), 0755, true)).isTrue();
  }
}
