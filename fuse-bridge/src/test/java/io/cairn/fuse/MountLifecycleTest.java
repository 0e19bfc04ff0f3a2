package io.cairn.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.it.DaemonProcess;
import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.testing.Conditions;
import io.cairn.common.time.SystemClock;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import io.cairn.proto.DatanodeReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mount over a NameNode in its own process: it survives a NameNode restart, and unmounting leaves nothing. */
class MountLifecycleTest {
  @TempDir
  Path tmp;

  @Test
  @DisplayName("NameNode restarts under the mount: a call made while it is down waits, then answers")
  void survivesNameNodeRestart() throws Exception {
    BridgeProcess.assumeFuseAvailable();
    int port = DaemonProcess.freePort();
    Path nnDir = tmp.resolve("nn");
    List<DataNode> dataNodes = new ArrayList<>();
    DaemonProcess nameNode = DaemonProcess.start(nnDir, port, tmp.resolve("nn.log"));
    try (AutoCloseable stopDataNodes = () -> dataNodes.forEach(DataNode::close)) {
      for (int i = 0; i < 2; i++) {
        dataNodes.add(DataNode.start(DataNodeConfig.from(tmp.resolve("dn" + i), Settings.of(Map.of(
            "cairn.datanode.port", "0", "cairn.datanode.namenode", nameNode.address(),
            "cairn.heartbeat.interval-ms", "100", "cairn.datanode.namenode.retry-max-ms", "200"))),
            SystemClock.INSTANCE));
      }
      awaitLiveDataNodes(nameNode.address(), 2);
      Path mnt = Files.createDirectories(tmp.resolve("mnt"));
      Path staging = tmp.resolve("staging");
      try (BridgeProcess bridge = BridgeProcess.mount(nameNode.address(), mnt, tmp.resolve("bridge.log"),
          "cairn.fuse.staging.dir=" + staging, "cairn.fuse.attr-cache-ms=0")) {
        byte[] data = new byte[3 << 20];
        new java.util.Random(7).nextBytes(data);
        Files.createDirectories(mnt.resolve("dir"));
        Files.write(mnt.resolve("dir/before"), data);

        nameNode.close();
        // Started while the NameNode is down: the bridge retries until it is back.
        Process lsWhileDown = new ProcessBuilder("ls", "-l", mnt.resolve("dir").toString()).redirectErrorStream(true)
            .start();
        nameNode = DaemonProcess.start(nnDir, port, tmp.resolve("nn.log"));
        assertThat(lsWhileDown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String listing = new String(lsWhileDown.getInputStream().readAllBytes());
        assertThat(lsWhileDown.exitValue()).as(listing).isZero();
        assertThat(listing).contains("before");

        awaitLiveDataNodes(nameNode.address(), 2);
        awaitOutOfSafeMode(nameNode.address());
        assertThat(Files.readAllBytes(mnt.resolve("dir/before"))).isEqualTo(data);
        Files.write(mnt.resolve("dir/after"), data);
        assertThat(Files.readAllBytes(mnt.resolve("dir/after"))).isEqualTo(data);

        assertThat(bridge.unmount()).as("exit code; log %s", bridge.log()).isZero();
        assertThat(bridge.mounted()).isFalse();
        try (var left = Files.list(mnt)) {
          assertThat(left).isEmpty();
        }
        try (var left = Files.list(staging)) {
          assertThat(left).isEmpty();
        }
      }
      try (CairnClient fs = CairnClient.connect(nameNode.address())) {
        assertThat(fs.stat("/dir/after").getLengthBytes()).isEqualTo(3 << 20);
      }
    } finally {
      nameNode.close();
    }
  }

  /** A restarted NameNode refuses changes until the DataNodes have reported their blocks. */
  private static void awaitOutOfSafeMode(String address) throws Exception {
    try (CairnClient fs = CairnClient.connect(address)) {
      Conditions.await("the NameNode to leave safe mode", Duration.ofSeconds(60), () -> {
        try {
          fs.mkdirs("/safe-mode-probe", true);
          return true;
        } catch (CairnException e) {
          if (e.code() != ErrorCode.SAFE_MODE) {
            throw e;
          }
          return false;
        }
      });
    }
  }

  private static void awaitLiveDataNodes(String address, int count) throws Exception {
    try (CairnClient fs = CairnClient.connect(address)) {
      Conditions.await(count + " live DataNodes", Duration.ofSeconds(60), () -> {
        try {
          return fs.datanodeReport().getNodesList().stream().filter(DatanodeReport::getLive).count() >= count;
        } catch (java.io.IOException notUpYet) {
          return false;
        }
      });
    }
  }
}
