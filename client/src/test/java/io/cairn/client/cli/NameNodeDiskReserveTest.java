package io.cairn.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.client.AdminClient;
import io.cairn.client.CairnClient;
import io.cairn.client.MiniDataCluster;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.testing.Conditions;
import io.cairn.proto.SafeModeAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NameNode whose disk is below its reserve, through the cairn command: files are written with
 * room, then the NameNode restarts with a reserve larger than its disk (a real full disk would take
 * a mount). The rule itself, and that it lifts once there is room, is DiskReserveTest's.
 */
class NameNodeDiskReserveTest {
  private static final String LARGER_THAN_ANY_DISK = Long.toString(Long.MAX_VALUE / 4);

  @TempDir
  Path tmp;

  @Test
  void belowTheReserveNothingNewIsTakenWhileReadsRenamesAndDeletesGoOn() throws Exception {
    Path local = tmp.resolve("local");
    Files.createDirectories(local);
    byte[] big = new byte[200_000];
    new Random(7).nextBytes(big);
    Files.write(local.resolve("big"), big);
    Files.writeString(local.resolve("small"), "kept in the namespace\n");
    Path cluster = tmp.resolve("cluster");
    try (MiniDataCluster c = MiniDataCluster.start(cluster, 1)) {
      String nn = c.address();
      assertThat(CliRun.of(nn, "mkdir", "/d").code()).isZero();
      assertThat(CliRun.of(nn, "put", "--block-size", "64k", "--replication", "1", local.resolve("big").toString(),
          "/d/big").code()).isZero();
      assertThat(CliRun.of(nn, "put", local.resolve("small").toString(), "/d/small").code()).isZero();
    }

    try (MiniDataCluster c = MiniDataCluster.start(cluster, 1, Map.of("cairn.namenode.reserved-bytes",
        LARGER_THAN_ANY_DISK, "cairn.namenode.safemode.extension-ms", "0"))) {
      String nn = c.address();
      try (AdminClient admin = AdminClient.connect(nn, CallerIdentity.currentUser())) {
        Conditions.await("safe mode off", Duration.ofSeconds(30),
            () -> !admin.safeMode(SafeModeAction.SAFE_MODE_GET).getOn());
      }

      CliRun mkdir = CliRun.of(nn, "mkdir", "/new");
      assertThat(mkdir.code()).isNotZero();
      assertThat(mkdir.err().strip().lines()).singleElement().asString()
          .startsWith("cairn: mkdir: /new: the NameNode's disk is nearly full").contains("cairn.namenode.reserved-bytes");
      CliRun put = CliRun.of(nn, "put", local.resolve("small").toString(), "/d/small2");
      assertThat(put.code()).isNotZero();
      assertThat(put.err()).contains("disk is nearly full");
      try (CairnClient fs = CairnClient.connect(nn)) {
        assertThatThrownBy(() -> fs.mkdirs("/other", true)).isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SPACE));
      }

      Path back = tmp.resolve("back");
      assertThat(CliRun.of(nn, "get", "/d", back.toString()).code()).isZero();
      assertThat(Files.readAllBytes(back.resolve("big"))).isEqualTo(big);
      assertThat(Files.readString(back.resolve("small"))).isEqualTo("kept in the namespace\n");
      assertThat(CliRun.of(nn, "mv", "/d/small", "/d/renamed").code()).isZero();
      assertThat(CliRun.of(nn, "chmod", "600", "/d/renamed").code()).isZero();
      assertThat(CliRun.of(nn, "rm", "-r", "/d").code()).isZero();
      assertThat(CliRun.of(nn, "ls", "/").lines()).isEmpty();
    }
  }
}
