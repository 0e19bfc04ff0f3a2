package io.cairn.namenode.namesystem;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.block.ReplicaCounts;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FsckBlock;
import io.cairn.proto.FsckFile;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckSummary;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * HDFS's fsck: the health of every block below a path, from what DataNodes reported. Walks the tree
 * depth first, one page of a directory per hold of the namesystem's read lock (so writers are not
 * held off for a whole big tree), and hands the file reports to a sink in batches between pages;
 * only the directories still to visit are kept in memory. Files are reported when they have a
 * problem, or all of them when asked for.
 */
public final class Fsck {
  /** Entries read per hold of the read lock, and the most file reports in one batch. */
  static final int PAGE = 500;

  private final NamespaceView view;
  private final NamespaceLock lock;
  private final BlockManager blocks;
  private final int defaultReplication;

  public Fsck(NamespaceView view, NamespaceLock lock, BlockManager blocks, int defaultReplication) {
    this.view = view;
    this.lock = lock;
    this.blocks = blocks;
    this.defaultReplication = defaultReplication;
  }

  /** Receives batches of file reports while the walk goes on. */
  @FunctionalInterface
  public interface Sink {
    void accept(List<FsckFile> files) throws IOException;
  }

  /** Checks everything below (and at) {@code path}; the caller has been authorised. */
  public FsckSummary run(CairnPath path, FsckRequest options, Sink sink) throws IOException {
    FsckSummary.Builder sum = FsckSummary.newBuilder().setDefaultReplication(defaultReplication)
        .setDatanodes(blocks.registry().liveNodes().size());
    Inode root = lock.read(() -> resolve(path));
    Deque<Dir> dirs = new ArrayDeque<>();
    List<FsckFile> batch = new ArrayList<>();
    if (root.getType() == InodeType.DIRECTORY) {
      sum.setTotalDirs(1);
      dirs.push(new Dir(root.getId(), path.toString(), ""));
    } else {
      lock.read(() -> visitFile(root, path.toString(), options, sum, batch));
    }
    while (!dirs.isEmpty()) {
      Dir dir = dirs.pop();
      String[] last = {null};
      int[] seen = {0};
      lock.read(() -> {
        view.forEachChild(dir.id(), dir.startAfter(), child -> {
          String childPath = dir.path().equals("/") ? "/" + child.getName() : dir.path() + "/" + child.getName();
          if (child.getType() == InodeType.DIRECTORY) {
            sum.setTotalDirs(sum.getTotalDirs() + 1);
            dirs.push(new Dir(child.getId(), childPath, ""));
          } else {
            visitFile(child, childPath, options, sum, batch);
          }
          last[0] = child.getName();
          return ++seen[0] < PAGE;
        });
        return null;
      });
      if (seen[0] == PAGE) {
        // Maybe more entries in this directory: come back to it after its page's subdirectories.
        dirs.addLast(new Dir(dir.id(), dir.path(), last[0]));
      }
      if (batch.size() >= PAGE || dirs.isEmpty()) {
        sink.accept(List.copyOf(batch));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      sink.accept(List.copyOf(batch));
    }
    return sum.build();
  }

  private Inode resolve(CairnPath path) throws IOException {
    Inode node = view.byId(NamespaceView.ROOT_ID);
    for (String name : path.components()) {
      node = node.getType() == InodeType.DIRECTORY ? view.lookup(node.getId(), name) : null;
      if (node == null) {
        throw CairnException.notFound(path.toString());
      }
    }
    return node;
  }

  private Void visitFile(Inode file, String path, FsckRequest options, FsckSummary.Builder sum,
      List<FsckFile> out) {
    FsckFile.Builder report = FsckFile.newBuilder().setPath(path).setLengthBytes(file.getLengthBytes())
        .setReplication(file.getReplication()).setOpenForWrite(file.getUnderConstruction())
        .setBlockCount(file.getBlocksCount());
    sum.setTotalFiles(sum.getTotalFiles() + 1).setTotalSizeBytes(sum.getTotalSizeBytes() + file.getLengthBytes());
    if (file.getUnderConstruction()) {
      sum.setOpenFiles(sum.getOpenFiles() + 1);
    }
    if (file.getInlineData()) {
      report.setInlineData(true);
      sum.setInlineFiles(sum.getInlineFiles() + 1).setInlineSizeBytes(sum.getInlineSizeBytes() + file.getLengthBytes());
    }
    boolean problem = false;
    for (Block b : file.getBlocksList()) {
      boolean open = BlockManager.underConstruction(file, b.getId());
      ReplicaCounts c = blocks.counts(b);
      FsckBlock.Builder fb = FsckBlock.newBuilder().setBlock(b).setLiveReplicas(c.live())
          .setDecommissioningReplicas(c.draining()).setCorruptReplicas(c.corrupt()).setUnderConstruction(open);
      if (options.getLocations()) {
        for (DatanodeInfo n : blocks.usableLocations(b)) {
          fb.addLocations(n.getHost() + ":" + n.getDataPort());
        }
      }
      report.addBlocks(fb);
      if (!open) {
        problem |= count(c, file.getReplication(), b.getLengthBytes(), sum);
      }
    }
    if (problem || options.getFiles() || options.getBlocks() || options.getLocations()) {
      if (!options.getBlocks() && !options.getLocations() && !problem) {
        report.clearBlocks();
      }
      out.add(report.build());
    }
    return null;
  }

  /** Adds one complete block to the summary; true when it has a problem worth naming. */
  private static boolean count(ReplicaCounts c, int expected, long lengthBytes, FsckSummary.Builder sum) {
    sum.setTotalBlocks(sum.getTotalBlocks() + 1).setTotalReplicas(sum.getTotalReplicas() + c.live());
    int usable = c.live() + c.draining();
    if (usable == 0) {
      if (c.corrupt() > 0) {
        sum.setCorruptBlocks(sum.getCorruptBlocks() + 1);
      } else {
        sum.setMissingBlocks(sum.getMissingBlocks() + 1);
      }
      sum.setMissingSizeBytes(sum.getMissingSizeBytes() + lengthBytes);
      sum.setMissingReplicas(sum.getMissingReplicas() + expected);
      return true;
    }
    sum.setMinimallyReplicatedBlocks(sum.getMinimallyReplicatedBlocks() + 1);
    if (c.live() < expected) {
      sum.setUnderReplicatedBlocks(sum.getUnderReplicatedBlocks() + 1)
          .setMissingReplicas(sum.getMissingReplicas() + expected - c.live());
      return true;
    }
    if (c.live() > expected) {
      sum.setOverReplicatedBlocks(sum.getOverReplicatedBlocks() + 1);
    }
    return c.corrupt() > 0;
  }

  private record Dir(long id, String path, String startAfter) {}
}
