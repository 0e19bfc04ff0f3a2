package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.time.SystemClock;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.server.NameNode;
import io.cairn.proto.FileStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream API of CairnClient against a real NameNode, for what needs no DataNode: a file
 * created and closed without data is complete and empty; create's own errors surface as before.
 */
class CairnClientStreamsTest {
  @TempDir
  static Path tmp;

  static NameNode nameNode;
  static CairnClient fs;

  @BeforeAll
  static void start() throws IOException {
    NameNodeConfig config = NameNodeConfig.from(tmp.resolve("nn"), Settings.of(Map.of("cairn.namenode.port", "0")));
    String me = CallerIdentity.currentUser();
    nameNode = NameNode.start(config, SystemClock.INSTANCE, me, user -> Set.of());
    fs = CairnClient.connect("127.0.0.1:" + nameNode.port());
  }

  @AfterAll
  static void stop() {
    fs.close();
    nameNode.close();
  }

  @Test
  void aStreamClosedWithoutDataLeavesACompleteEmptyFile() throws IOException {
    try (CairnOutputStream out = fs.create("/empty/a", CreateOptions.defaults())) {
      assertThat(out.getPos()).isZero();
      out.flush();
    }
    FileStatus st = fs.stat("/empty/a");
    assertThat(st.getLengthBytes()).isZero();
    assertThat(st.getUnderConstruction()).isFalse();
  }

  @Test
  void createStillRefusesAnExistingFile() throws IOException {
    fs.createEmpty("/exists", false);
    assertThatThrownBy(() -> fs.create("/exists", CreateOptions.defaults()))
        .isInstanceOf(CairnException.class)
        .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.EXISTS));
  }
}
