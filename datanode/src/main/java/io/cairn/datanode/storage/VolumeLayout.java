package io.cairn.datanode.storage;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where replica files live inside one data folder (docs/formats/data-transfer.md, "Replicas on disk").
 * Pure path arithmetic: no I/O.
 */
public final class VolumeLayout {
  private static final Pattern BLOCK_NAME = Pattern.compile("blk_(-?\\d{1,19})");
  private static final Pattern META_NAME = Pattern.compile("blk_(-?\\d{1,19})_(\\d{1,19})\\.meta");

  private final Path root;

  public VolumeLayout(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path finalizedDir() {
    return root.resolve("current").resolve("finalized");
  }

  public Path rbwDir() {
    return root.resolve("current").resolve("rbw");
  }

  /** Where earlier versions kept the files of bad replicas ({@link BadReplicaFiles} now deletes them). */
  public Path legacyCorruptDir() {
    return root.resolve("current").resolve("corrupt");
  }

  /** The folder of a finalized replica: {@code subdir<X>/subdir<Y>} with X = bits 16-20, Y = bits 8-12 of the id. */
  public Path finalizedDir(long blockId) {
    int x = (int) ((blockId >> 16) & 0x1F);
    int y = (int) ((blockId >> 8) & 0x1F);
    return finalizedDir().resolve("subdir" + x).resolve("subdir" + y);
  }

  public Path dir(long blockId, ReplicaState state) {
    return state == ReplicaState.FINALIZED ? finalizedDir(blockId) : rbwDir();
  }

  public Path blockFile(long blockId, ReplicaState state) {
    return dir(blockId, state).resolve(blockName(blockId));
  }

  public Path metaFile(long blockId, long genstamp, ReplicaState state) {
    return dir(blockId, state).resolve(metaName(blockId, genstamp));
  }

  public Path blockFile(Replica r) {
    return blockFile(r.blockId(), r.state());
  }

  public Path metaFile(Replica r) {
    return metaFile(r.blockId(), r.genstamp(), r.state());
  }

  public static String blockName(long blockId) {
    return "blk_" + blockId;
  }

  public static String metaName(long blockId, long genstamp) {
    return "blk_" + blockId + "_" + genstamp + ".meta";
  }

  /** The block id a block file name holds, or null when the name is not a block file's. */
  public static Long parseBlockName(String name) {
    Matcher m = BLOCK_NAME.matcher(name);
    return m.matches() ? parseOrNull(m.group(1)) : null;
  }

  /** {id, genstamp} of a meta file name, or null when the name is not a meta file's. */
  public static long[] parseMetaName(String name) {
    Matcher m = META_NAME.matcher(name);
    if (!m.matches()) {
      return null;
    }
    Long id = parseOrNull(m.group(1));
    Long gs = parseOrNull(m.group(2));
    return id == null || gs == null ? null : new long[] {id, gs};
  }

  private static Long parseOrNull(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooBig) {
      return null;
    }
  }
}
