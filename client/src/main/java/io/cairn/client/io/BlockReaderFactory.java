package io.cairn.client.io;

import io.cairn.common.wire.DataTransfer;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.ReadBlockOp;
import java.io.IOException;
import java.util.Set;

/**
 * Opens {@link BlockReader}s on replicas through the connection cache. Thread-safe (it holds no
 * state of its own beyond the cache).
 */
public final class BlockReaderFactory {
  private final ConnectionCache cache;
  private final String clientName;

  public BlockReaderFactory(ConnectionCache cache, String clientName) {
    this.cache = cache;
    this.clientName = clientName;
  }

  /**
   * Reads {@code [offset, offset+length)} of {@code located} from the first of its locations not in
   * {@code excluded} (the NameNode lists them nearest first). Failing over to the next replica is
   * the caller's loop: catch {@link DataNodeException}, add its node to {@code excluded}, call again.
   */
  public BlockReader open(LocatedBlock located, long offset, long length, Set<String> excluded)
      throws IOException {
    DatanodeInfo dn = chooseReplica(located, excluded);
    return open(dn, located.getBlock(), offset, length);
  }

  /**
   * Reads from {@code dn}. A cached connection the DataNode has meanwhile dropped fails on its first
   * use; that is retried once on a new connection, so a stale cache never surfaces as an error.
   */
  public BlockReader open(DatanodeInfo dn, Block block, long offset, long length) throws IOException {
    ReadBlockOp op = ReadBlockOp.newBuilder().setBlock(block).setOffsetBytes(offset).setLengthBytes(length)
        .setClientName(clientName).setMaxPacketBytes(DataTransfer.MAX_READ_PACKET_DATA_BYTES).build();
    DataNodeConnection connection = cache.take(dn);
    try {
      return BlockReader.open(connection, cache::release, op);
    } catch (IOException e) {
      if (!connection.wasReused()) {
        throw wrap(dn, block, e);
      }
    }
    try {
      return BlockReader.open(cache.openFresh(dn), cache::release, op);
    } catch (IOException e) {
      throw wrap(dn, block, e);
    }
  }

  static DatanodeInfo chooseReplica(LocatedBlock located, Set<String> excluded) throws DataNodeException {
    for (DatanodeInfo dn : located.getLocationsList()) {
      if (!excluded.contains(dn.getUuid())) {
        return dn;
      }
    }
    throw new DataNodeException(DatanodeInfo.getDefaultInstance(), "no replica of "
        + DataNodeException.describe(located.getBlock()) + " to read from: " + located.getLocationsCount()
        + " location(s), " + excluded.size() + " excluded");
  }

  private static DataNodeException wrap(DatanodeInfo dn, Block block, IOException e) {
    if (e instanceof DataNodeException d) {
      return d;
    }
    return new DataNodeException(dn, "reading " + DataNodeException.describe(block) + " from "
        + DataNodeException.describe(dn) + " failed: " + e.getMessage(), e);
  }
}
