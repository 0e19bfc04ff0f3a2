package io.cairn.client.io;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.DatanodeInfo;

/**
 * A data-path failure attributed to one DataNode (it could not be reached, answered with an error,
 * broke the protocol or timed out). Carries the node so a caller can exclude it and try another.
 */
public class DataNodeException extends CairnException {
  private static final long serialVersionUID = 1L;

  private final transient DatanodeInfo datanode;

  public DataNodeException(DatanodeInfo datanode, String message) {
    super(ErrorCode.IO, message);
    this.datanode = datanode;
  }

  public DataNodeException(DatanodeInfo datanode, String message, Throwable cause) {
    super(ErrorCode.IO, message, cause);
    this.datanode = datanode;
  }

  public DatanodeInfo datanode() {
    return datanode;
  }

  /** "DataNode uuid (host:port)", the way every data-path error names a node. */
  public static String describe(DatanodeInfo dn) {
    return "DataNode " + (dn.getUuid().isEmpty() ? "?" : dn.getUuid()) + " (" + hostPort(dn) + ")";
  }

  static String hostPort(DatanodeInfo dn) {
    return (dn.getHost().indexOf(':') >= 0 ? "[" + dn.getHost() + "]" : dn.getHost()) + ":" + dn.getDataPort();
  }

  /** "blk_id_genstamp", HDFS's way of naming a block in messages. */
  public static String describe(io.cairn.proto.Block block) {
    return "blk_" + block.getId() + "_" + block.getGenstamp();
  }
}
