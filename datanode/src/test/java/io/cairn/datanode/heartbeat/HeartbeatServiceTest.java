package io.cairn.datanode.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.rpc.CallerIdentity;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.testing.RecordingNameNode;
import io.cairn.datanode.testing.TestClient;
import io.cairn.datanode.testing.TestNodes;
import io.cairn.proto.Block;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.HeartbeatRequest;
import io.cairn.proto.RegisterDatanodeRequest;
import io.cairn.proto.ReplicaReport;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NameNode link against a real gRPC server that records what it is told. */
class HeartbeatServiceTest {
  @TempDir
  Path tmp;

  private static <T> List<T> of(List<RecordingNameNode.Call> calls, Class<T> type) {
    return calls.stream().map(RecordingNameNode.Call::request).filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void registersReportsEverythingAndHeartbeatsWithStorageAndUser() throws Exception {
    try (RecordingNameNode nn = new RecordingNameNode(0)) {
      Path dir = tmp.resolve("dn");
      try (DataNode first = TestNodes.start(dir, "none")) {
        TestNodes.writeReplica(first, 11, 2, 1000);
      }
      try (DataNode dn = TestNodes.start(dir, nn.address())) {
        RegisterDatanodeRequest reg = nn.await(calls -> of(calls, RegisterDatanodeRequest.class).stream()
            .findFirst().orElse(null));
        assertThat(reg.getNode()).isEqualTo(dn.info());
        assertThat(reg.getNode().getHost()).isEqualTo("127.0.0.1");
        BlockReportRequest report = nn.await(calls -> of(calls, BlockReportRequest.class).stream()
            .findFirst().orElse(null));
        assertThat(report.getUuid()).isEqualTo(dn.info().getUuid());
        assertThat(report.getReplicasList()).containsExactly(ReplicaReport.newBuilder().setBlockId(11)
            .setGenstamp(2).setLengthBytes(1000).setFinalized(true).build());
        HeartbeatRequest hb = nn.await(calls -> of(calls, HeartbeatRequest.class).stream()
            .findFirst().orElse(null));
        assertThat(hb.getStorage().getCapacityBytes()).isPositive();
        assertThat(hb.getStorage().getRemainingBytes()).isPositive();
        assertThat(hb.getStorage().getReplicaCount()).isEqualTo(1);
        assertThat(hb.getStorage().getUsedBytes()).isGreaterThanOrEqualTo(1000);
        assertThat(nn.calls()).allSatisfy(c -> assertThat(c.user()).isEqualTo(CallerIdentity.currentUser()));
      }
    }
  }

  @Test
  void theUuidStaysAcrossRestarts() throws Exception {
    Path dir = tmp.resolve("dn");
    String uuid;
    try (DataNode dn = TestNodes.start(dir, "none")) {
      uuid = dn.info().getUuid();
    }
    try (DataNode dn = TestNodes.start(dir, "none")) {
      assertThat(dn.info().getUuid()).isEqualTo(uuid);
    }
  }

  @Test
  void aNameNodeThatComesUpLaterIsRegisteredWith() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (DataNode dn = TestNodes.start(tmp.resolve("dn"), "127.0.0.1:" + port)) {
      assertThat(dn.heartbeat().registered()).isFalse();
      try (RecordingNameNode nn = new RecordingNameNode(port)) {
        nn.await(calls -> of(calls, HeartbeatRequest.class).stream().findFirst().orElse(null));
        assertThat(dn.heartbeat().registered()).isTrue();
      }
    }
  }

  @Test
  void aReregisterAnswerStartsOverWithAFullReport() throws Exception {
    try (RecordingNameNode nn = new RecordingNameNode(0);
        DataNode dn = TestNodes.start(tmp.resolve("dn"), nn.address())) {
      nn.await(calls -> of(calls, HeartbeatRequest.class).stream().findFirst().orElse(null));
      nn.askToReregister();
      nn.await(calls -> {
        int registers = 0;
        for (RecordingNameNode.Call c : calls) {
          if (c.request() instanceof RegisterDatanodeRequest) {
            registers++;
          } else if (registers == 2 && c.request() instanceof BlockReportRequest r) {
            return r;
          }
        }
        return null;
      });
    }
  }

  @Test
  void heartbeatsCountZeroCopyBytesSent() throws Exception {
    try (RecordingNameNode nn = new RecordingNameNode(0);
        DataNode dn = TestNodes.start(tmp.resolve("dn"), nn.address())) {
      TestNodes.writeReplica(dn, 3, 1, 100_000);
      try (TestClient client = new TestClient(dn.port())) {
        assertThat(client.read(Block.newBuilder().setId(3).setGenstamp(1).build(), 0, -1).data()).hasSize(100_000);
      }
      nn.await(calls -> of(calls, HeartbeatRequest.class).stream()
          .filter(h -> h.getStorage().getZeroCopyBytesSent() >= 100_000).findFirst().orElse(null));
    }
  }
}
