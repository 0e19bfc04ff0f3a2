package io.cairn.namenode.namesystem;

import io.cairn.proto.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the blocks of files destroyed by the edit being applied. The namesystem drains it after
 * each append and hands the blocks to the BlockManager only once the edit is durable: deleting
 * replicas of a file that a crash could bring back would lose data. Thread-safe.
 */
public final class DroppedBlocks {
  private final List<Block> blocks = new ArrayList<>();

  public synchronized void add(Block block) {
    blocks.add(block);
  }

  public synchronized List<Block> drain() {
    List<Block> out = List.copyOf(blocks);
    blocks.clear();
    return out;
  }
}
