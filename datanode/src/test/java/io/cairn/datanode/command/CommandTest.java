package io.cairn.datanode.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaState;
import io.cairn.datanode.testing.RecordingNameNode;
import io.cairn.datanode.testing.TestClient;
import io.cairn.datanode.testing.TestNodes;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DeleteReplicasCommand;
import io.cairn.proto.IncrementalBlockReportRequest;
import io.cairn.proto.ReplicateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands ride on heartbeat answers from a recording NameNode and are carried out. */
class CommandTest {
  @TempDir
  Path tmp;

  @Test
  void aDeleteCommandDeletesTheReplicaAndReportsIt() throws Exception {
    try (RecordingNameNode nn = new RecordingNameNode(0);
        DataNode dn = TestNodes.start(tmp.resolve("dn"), nn.address())) {
      TestNodes.writeReplica(dn, 21, 4, 3000);
      Path block = dn.store().volume().layout().finalizedDir(21).resolve("blk_21");
      assertThat(block).exists();
      nn.queueCommand(dn.info().getUuid(), DatanodeCommand.newBuilder().setDelete(DeleteReplicasCommand.newBuilder()
          .addBlocks(Block.newBuilder().setId(21).setGenstamp(4))).build());
      nn.await(calls -> calls.stream().map(RecordingNameNode.Call::request)
          .filter(r -> r instanceof IncrementalBlockReportRequest i && i.getDeletedBlockIdsList().contains(21L))
          .findFirst().orElse(null));
      assertThat(dn.store().get(21)).isEmpty();
      assertThat(Files.exists(block)).isFalse();
    }
  }

  @Test
  void aReplicateCommandCopiesTheReplicaThroughAPipeline() throws Exception {
    try (RecordingNameNode nn = new RecordingNameNode(0);
        DataNode source = TestNodes.start(tmp.resolve("dn0"), nn.address());
        DataNode t1 = TestNodes.start(tmp.resolve("dn1"), nn.address());
        DataNode t2 = TestNodes.start(tmp.resolve("dn2"), nn.address())) {
      TestNodes.writeReplica(source, 40, 6, 150_000);
      nn.queueCommand(source.info().getUuid(), DatanodeCommand.newBuilder().setReplicate(ReplicateCommand.newBuilder()
          .setBlock(Block.newBuilder().setId(40).setGenstamp(6).setLengthBytes(150_000))
          .addTargets(t1.info()).addTargets(t2.info())).build());
      Set<String> targets = Set.of(t1.info().getUuid(), t2.info().getUuid());
      nn.await(calls -> {
        Set<String> got = new HashSet<>();
        calls.stream().map(RecordingNameNode.Call::request).filter(IncrementalBlockReportRequest.class::isInstance)
            .map(IncrementalBlockReportRequest.class::cast)
            .filter(i -> i.getReceivedList().stream().anyMatch(r -> r.getBlockId() == 40))
            .forEach(i -> got.add(i.getUuid()));
        return got.containsAll(targets) ? got : null;
      });
      for (DataNode dn : new DataNode[] {t1, t2}) {
        assertThat(dn.store().get(40)).contains(new Replica(40, 6, 150_000, ReplicaState.FINALIZED));
        try (TestClient client = new TestClient(dn.port())) {
          assertThat(client.read(Block.newBuilder().setId(40).setGenstamp(6).build(), 0, -1).data())
              .hasSize(150_000);
        }
      }
    }
  }
}
