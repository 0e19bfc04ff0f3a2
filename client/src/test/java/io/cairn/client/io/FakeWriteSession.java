package io.cairn.client.io;

import io.cairn.common.error.CairnException;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import java.util.ArrayList;
import java.util.List;

/** A NameNode double for one file being written: hands out blocks on given DataNodes and records calls. */
final class FakeWriteSession implements WriteSession {
  final List<Block> previousSeen = new ArrayList<>();
  final List<LocatedBlock> allocated = new ArrayList<>();
  final List<Long> fsyncs = new ArrayList<>();
  final List<Block> completedWith = new ArrayList<>();
  final List<String> failedNodes = new ArrayList<>();
  /** Complete answers false this many times first. */
  int notYetCompletes;
  long completedLength = -1;
  private final List<DatanodeInfo> pipeline;
  private long nextId = 1000;

  FakeWriteSession(List<DatanodeInfo> pipeline) {
    this.pipeline = pipeline;
  }

  /** The bytes of the one completeInline call, or null. */
  byte[] inlineCompleted;

  /** completeInline refuses, as a NameNode that keeps fewer bytes than it said would. */
  boolean refuseInline;

  @Override
  public synchronized boolean completeInline(byte[] data) throws CairnException {
    if (refuseInline) {
      throw CairnException.invalidArgument("/f: more bytes than a file may keep in the namespace");
    }
    inlineCompleted = data.clone();
    completedLength = data.length;
    return true;
  }

  @Override
  public String path() {
    return "/f";
  }

  @Override
  public synchronized LocatedBlock addBlock(Block previous) {
    previousSeen.add(previous);
    long offset = allocated.isEmpty() ? 0 : previous == null ? 0 : fileOffsetAfter(previous);
    LocatedBlock b = LocatedBlock.newBuilder().setBlock(Block.newBuilder().setId(nextId++).setGenstamp(1))
        .setOffsetBytes(offset).addAllLocations(pipeline).setUnderConstruction(true).build();
    allocated.add(b);
    return b;
  }

  private long fileOffsetAfter(Block previous) {
    LocatedBlock last = allocated.getLast();
    return last.getOffsetBytes() + previous.getLengthBytes();
  }

  @Override
  public synchronized void fsync(long lastBlockLengthBytes) {
    fsyncs.add(lastBlockLengthBytes);
  }

  @Override
  public synchronized boolean complete(Block last, long lengthBytes) {
    completedWith.add(last);
    if (notYetCompletes > 0) {
      notYetCompletes--;
      return false;
    }
    completedLength = lengthBytes;
    return true;
  }

  /** What GetBlockLocations would answer for the file as written, given each block's stored length. */
  synchronized GetBlockLocationsResponse locations(FakeDataNode dn) {
    GetBlockLocationsResponse.Builder r = GetBlockLocationsResponse.newBuilder();
    long offset = 0;
    for (LocatedBlock b : allocated) {
      long length = dn.blocks.getOrDefault(b.getBlock().getId(), new byte[0]).length;
      r.addBlocks(b.toBuilder().setOffsetBytes(offset).setBlock(b.getBlock().toBuilder().setLengthBytes(length)));
      offset += length;
    }
    return r.setStatus(FileStatus.newBuilder().setPath(path()).setLengthBytes(offset)).build();
  }

  @Override
  public synchronized PipelineUpdate updateBlockForPipeline(Block block, java.util.Collection<String> avoid,
      int wanted) {
    return new PipelineUpdate(block.getGenstamp() + 1, List.of());
  }

  @Override
  public synchronized void updatePipeline(Block oldBlock, Block newBlock, List<DatanodeInfo> nodes) {}

  @Override
  public void dataNodeFailed(String uuid) {
    failedNodes.add(uuid);
  }
}
