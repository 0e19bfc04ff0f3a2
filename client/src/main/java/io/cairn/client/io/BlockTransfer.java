package io.cairn.client.io;

import io.cairn.common.wire.Frame;
import io.cairn.common.wire.FrameType;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.TransferBlockOp;
import io.cairn.proto.TransferStatus;
import java.io.IOException;
import java.util.List;

/** One TRANSFER_BLOCK exchange: asks a DataNode to copy a prefix of its replica to other nodes. */
final class BlockTransfer {
  private BlockTransfer() {}

  /**
   * Has {@code source} copy the first {@code block.length_bytes} of its replica of {@code block} to
   * {@code targets} at {@code newGenstamp}; returns once they hold it. Failures name the source.
   */
  static void run(DatanodeInfo source, Block block, long newGenstamp, List<DatanodeInfo> targets, String clientName,
      DataPathOptions options) throws DataNodeException {
    try (DataNodeConnection connection = DataNodeConnection.open(source, options)) {
      connection.request(OpRequest.newBuilder().setTransferBlock(TransferBlockOp.newBuilder().setBlock(block)
          .setNewGenstamp(newGenstamp).addAllTargets(targets).setClientName(clientName)).build());
      Frame frame = connection.read();
      if (frame.type() != FrameType.OP_RESPONSE) {
        throw new DataNodeException(source, DataNodeException.describe(source) + " answered TRANSFER_BLOCK with a "
            + frame.type() + " frame");
      }
      OpResponse response = frame.parse(OpResponse.parser());
      if (response.getStatus() != TransferStatus.OK) {
        throw new DataNodeException(source, DataNodeException.describe(source) + " could not transfer "
            + DataNodeException.describe(block) + ": " + response.getStatus() + " " + response.getMessage());
      }
    } catch (DataNodeException e) {
      throw e;
    } catch (IOException e) {
      throw new DataNodeException(source, "transfer of " + DataNodeException.describe(block) + " from "
          + DataNodeException.describe(source) + " failed: " + e.getMessage(), e);
    }
  }
}
