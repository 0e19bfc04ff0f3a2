package io.cairn.client.hadoop;

import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import io.cairn.proto.LocatedBlock;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/** Cairn's protobuf records in Hadoop's types. Pure functions. */
final class HadoopStatuses {
  /** Cairn has no racks yet: every DataNode is in Hadoop's default rack. */
  private static final String DEFAULT_RACK = "/default-rack";

  private HadoopStatuses() {}

  static org.apache.hadoop.fs.FileStatus fileStatus(FileStatus st, URI fsUri) {
    boolean dir = st.getType() == InodeType.DIRECTORY;
    return new org.apache.hadoop.fs.FileStatus(dir ? 0 : st.getLengthBytes(), dir, dir ? 0 : st.getReplication(),
        dir ? 0 : st.getBlockSizeBytes(), st.getMtimeMs(), st.getAtimeMs(), new FsPermission((short) st.getMode()),
        st.getOwner(), st.getGroup(), new Path(fsUri.getScheme(), fsUri.getAuthority(), st.getPath()));
  }

  /** One BlockLocation per block, with the DataNodes that hold it (nearest first). */
  static BlockLocation[] blockLocations(List<LocatedBlock> blocks) {
    BlockLocation[] out = new BlockLocation[blocks.size()];
    for (int i = 0; i < out.length; i++) {
      LocatedBlock b = blocks.get(i);
      List<DatanodeInfo> nodes = b.getLocationsList();
      String[] names = new String[nodes.size()];
      String[] hosts = new String[nodes.size()];
      String[] topology = new String[nodes.size()];
      for (int n = 0; n < names.length; n++) {
        hosts[n] = nodes.get(n).getHost();
        names[n] = hosts[n] + ":" + nodes.get(n).getDataPort();
        topology[n] = DEFAULT_RACK + "/" + names[n];
      }
      out[i] = new BlockLocation(names, hosts, topology, b.getOffsetBytes(), b.getBlock().getLengthBytes(), false);
    }
    return out;
  }

  /** The one location of a file of {@code lengthBytes} whose bytes the NameNode at {@code nameNode} (host:port) keeps. */
  static BlockLocation keptInNamespace(String nameNode, long lengthBytes) {
    String host = nameNode.substring(0, nameNode.lastIndexOf(':'));
    return new BlockLocation(new String[] {nameNode}, new String[] {host},
        new String[] {DEFAULT_RACK + "/" + nameNode}, 0, lengthBytes, false);
  }

  /** Cairn has no quotas: Hadoop's "no quota" is -1. */
  static ContentSummary contentSummary(io.cairn.proto.ContentSummary s) {
    return new ContentSummary.Builder().length(s.getLengthBytes()).fileCount(s.getFileCount())
        .directoryCount(s.getDirectoryCount()).spaceConsumed(s.getSpaceConsumedBytes()).quota(-1).spaceQuota(-1)
        .build();
  }
}
