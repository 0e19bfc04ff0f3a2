package io.cairn.datanode.storage;

import java.util.List;

/**
 * Chooses the volume for a new replica: round-robin among the volumes with room for it (HDFS's
 * default, {@code RoundRobinVolumeChoosingPolicy}). Round-robin spreads concurrent writes over every
 * disk, so a node writes with all its spindles at once; choosing by most free space would send every
 * write to the emptiest disk (a new, added one) until it caught up. Volumes of unequal size fill at
 * the same rate in bytes, so the smallest fills first and is then skipped. Pure; not thread-safe
 * (the store guards it).
 */
final class VolumeChoice {
  private int next;

  /**
   * The index in {@code remainingBytes} (free bytes of each volume in service) of the volume to
   * write to, or -1 when none has {@code neededBytes}.
   */
  int choose(List<Long> remainingBytes, long neededBytes) {
    int n = remainingBytes.size();
    for (int i = 0; i < n; i++) {
      int candidate = Math.floorMod(next + i, n);
      if (remainingBytes.get(candidate) >= neededBytes) {
        next = candidate + 1;
        return candidate;
      }
    }
    return -1;
  }
}
