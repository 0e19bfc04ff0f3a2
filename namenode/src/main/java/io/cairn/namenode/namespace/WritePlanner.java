package io.cairn.namenode.namespace;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.proto.AddBlockEdit;
import io.cairn.proto.AppendFileEdit;
import io.cairn.proto.Block;
import io.cairn.proto.CloseFileEdit;
import io.cairn.proto.EditOp;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import io.cairn.proto.RecoverLeaseEdit;
import io.cairn.proto.SetGenstampEdit;
import io.cairn.proto.UpdatePipelineEdit;
import java.io.IOException;
import java.util.List;

/**
 * Plans the edits of writing a file's data: a new block, closing the file at its final length,
 * reopening it for append. Like {@link NamespacePlanner}, it picks every value (block ids,
 * generation stamps, times) and changes nothing itself.
 */
public final class WritePlanner {
  private final NamespaceView view;
  private final PathResolver resolver;
  private final LeaseStatus leases;
  private final int maxBlocksPerFile;
  private final NamespaceLimits limits;

  public WritePlanner(NamespaceView view, LeaseStatus leases, NamespaceLimits limits) {
    this.view = view;
    this.resolver = new PathResolver(view);
    this.leases = leases;
    this.maxBlocksPerFile = limits.maxBlocksPerFile();
    this.limits = limits;
  }

  /** The most bytes a file may keep in the namespace instead of in blocks (0 = none). */
  public int inlineDataMaxBytes() {
    return limits.inlineDataMaxBytes();
  }

  /**
   * A new last block for a file this client is writing. {@code previous} (null for the first
   * block) must be the file's current last block, carrying its final length.
   */
  public Planned addBlock(Caller caller, CairnPath path, String clientName, Block previous) throws IOException {
    Inode file = fileBeingWritten(caller, path, clientName);
    List<Block> blocks = file.getBlocksList();
    if (blocks.isEmpty() != (previous == null)) {
      throw CairnException.invalidArgument(path + ": addBlock names previous block "
          + (previous == null ? "none" : previous.getId()) + " but the file's last block is "
          + (blocks.isEmpty() ? "none" : blocks.getLast().getId()));
    }
    if (blocks.size() >= maxBlocksPerFile) {
      throw CairnException.invalidArgument(path + ": a file may have at most " + maxBlocksPerFile
          + " blocks (cairn.namenode.fs-limits.max-blocks-per-file); write it with a larger block size");
    }
    AddBlockEdit.Builder edit = AddBlockEdit.newBuilder().setParentId(file.getParentId()).setName(file.getName());
    if (previous != null) {
      edit.setPrevious(checkedLast(path, file, previous));
    }
    Block block = Block.newBuilder().setId(view.lastBlockId() + 1).setGenstamp(view.lastGenstamp() + 1).build();
    return Planned.change(EditOp.newBuilder().setAddBlock(edit.setBlock(block)));
  }

  /**
   * Closes a file this client is writing; {@code last} (null when it has no blocks) carries the final
   * length. {@code inlineData} (null = none) is the whole file of one without blocks, to keep in the
   * namespace.
   */
  public Planned complete(Caller caller, CairnPath path, String clientName, long lengthBytes, Block last,
      ByteString inlineData, long nowMs) throws IOException {
    Inode file = existingFile(caller, path);
    if (!file.getUnderConstruction()) {
      // A retried complete of a file this client already closed succeeds again; any other finds the
      // file closed without it (its lease was recovered), and its bytes are not the file's.
      if (closedAs(file, last, inlineData)) {
        return Planned.noChange(true);
      }
      throw new CairnException(ErrorCode.LEASE_CONFLICT, path + ": is not open for writing: it was closed"
          + " without this complete (its lease recovered?), at length " + file.getLengthBytes());
    }
    checkHolder(path, file, clientName);
    CloseFileEdit.Builder edit = CloseFileEdit.newBuilder()
        .setParentId(file.getParentId()).setName(file.getName()).setMtimeMs(nowMs);
    if (inlineData != null && !inlineData.isEmpty()) {
      return Planned.change(EditOp.newBuilder().setCloseFile(
          edit.setLengthBytes(checkedInline(path, file, lengthBytes, last, inlineData)).setInlineData(inlineData)));
    }
    if (file.getBlocksCount() == 0) {
      if (last != null) {
        throw CairnException.invalidArgument(path + ": complete names block " + last.getId() + " but the file has none");
      }
      if (file.getInlineData()) {
        throw CairnException.invalidArgument(path + ": keeps its " + file.getLengthBytes() + " bytes in the namespace;"
            + " complete must carry them with what was appended, or they must be written into blocks first");
      }
      if (lengthBytes != 0) {
        // A length without blocks would promise readers bytes that no DataNode holds.
        throw CairnException.invalidArgument(path + ": has no blocks, so it closes at length 0, not " + lengthBytes);
      }
      return Planned.change(EditOp.newBuilder().setCloseFile(edit.setLengthBytes(0)));
    }
    if (last == null) {
      throw CairnException.invalidArgument(path + ": complete must name the last block with its length");
    }
    Block checked = checkedLast(path, file, last);
    long total = checked.getLengthBytes();
    for (int i = 0; i < file.getBlocksCount() - 1; i++) {
      total += file.getBlocks(i).getLengthBytes();
    }
    if (file.getInlineData() && total < file.getLengthBytes()) {
      throw CairnException.invalidArgument(path + ": its blocks hold " + total + " bytes, fewer than the "
          + file.getLengthBytes() + " it keeps in the namespace, which an append must write into them first");
    }
    return Planned.change(EditOp.newBuilder().setCloseFile(edit.setLast(checked).setLengthBytes(total)));
  }

  /** True when closed {@code file} ends as a complete with {@code last} or {@code inlineData} would close it. */
  private boolean closedAs(Inode file, Block last, ByteString inlineData) throws IOException {
    if (inlineData != null && !inlineData.isEmpty()) {
      byte[] kept = file.getInlineData() ? view.inlineData(file.getId()) : null;
      return kept != null && inlineData.equals(UnsafeByteOperations.unsafeWrap(kept));
    }
    if (last != null) {
      if (file.getBlocksCount() == 0) {
        return false;
      }
      Block closed = file.getBlocks(file.getBlocksCount() - 1);
      return closed.getId() == last.getId() && closed.getGenstamp() == last.getGenstamp()
          && closed.getLengthBytes() == last.getLengthBytes();
    }
    return file.getBlocksCount() == 0 && !file.getInlineData() && file.getLengthBytes() == 0;
  }

  /** The length of a file closing with {@code data} as its whole content, checked. */
  private long checkedInline(CairnPath path, Inode file, long lengthBytes, Block last, ByteString data)
      throws CairnException {
    if (file.getBlocksCount() > 0 || last != null) {
      throw CairnException.invalidArgument(path + ": has blocks, so its bytes cannot be kept in the namespace");
    }
    limits.checkInlineSize(path, data.size());
    if (data.size() != lengthBytes) {
      throw CairnException.invalidArgument(path + ": complete states length " + lengthBytes + " but carries "
          + data.size() + " bytes");
    }
    if (file.getInlineData() && data.size() < file.getLengthBytes()) {
      throw CairnException.invalidArgument(path + ": an append cannot make the file shorter (" + file.getLengthBytes()
          + " -> " + data.size() + " bytes)");
    }
    return data.size();
  }

  /**
   * Reopens a closed file for writing. A partial last block goes on with a new generation stamp, so
   * replicas that missed the append are recognised as stale.
   */
  public Planned append(Caller caller, CairnPath path, String clientName, long nowMs) throws IOException {
    Inode file = existingFile(caller, path);
    PermissionChecker.check(caller, file, Access.WRITE, path::toString);
    if (file.getUnderConstruction()) {
      throw new CairnException(ErrorCode.LEASE_CONFLICT, path + ": is being written by " + file.getLeaseHolder());
    }
    AppendFileEdit.Builder edit = AppendFileEdit.newBuilder().setParentId(file.getParentId()).setName(file.getName())
        .setClientName(clientName).setMtimeMs(nowMs);
    if (file.getBlocksCount() > 0) {
      Block last = file.getBlocks(file.getBlocksCount() - 1);
      if (last.getLengthBytes() < file.getBlockSizeBytes()) {
        edit.setLast(last.toBuilder().setGenstamp(view.lastGenstamp() + 1));
      }
    }
    return Planned.change(EditOp.newBuilder().setAppendFile(edit));
  }

  /**
   * Lease recovery: closes {@code file}, open by {@code holder}, whose last block (if any) is cut to
   * {@code lastLengthBytes} with a new generation stamp, or dropped when {@code lastLengthBytes} is
   * negative (no replica of it was reported).
   */
  public Planned recoverLease(Inode file, String holder, long lastLengthBytes, long nowMs) throws IOException {
    RecoverLeaseEdit.Builder edit = RecoverLeaseEdit.newBuilder().setParentId(file.getParentId())
        .setName(file.getName()).setHolder(holder).setMtimeMs(nowMs);
    long before = 0;
    for (int i = 0; i < file.getBlocksCount() - 1; i++) {
      before += file.getBlocks(i).getLengthBytes();
    }
    if (file.getInlineData() && file.getBlocksCount() > 0) {
      long recovered = before + (lastLengthBytes < 0 ? 0 : Math.min(lastLengthBytes, file.getBlockSizeBytes()));
      if (recovered < file.getLengthBytes()) {
        // The appender died before its blocks held the bytes the file keeps: those stay the file.
        return Planned.change(EditOp.newBuilder().setRecoverLease(
            edit.setInlineDataKept(true).setLengthBytes(file.getLengthBytes())));
      }
    }
    if (file.getBlocksCount() == 0) {
      edit.setLengthBytes(file.getLengthBytes());
    } else if (lastLengthBytes < 0) {
      edit.setDropped(file.getBlocks(file.getBlocksCount() - 1)).setLengthBytes(before);
    } else {
      long cut = Math.min(lastLengthBytes, file.getBlockSizeBytes());
      Block last = file.getBlocks(file.getBlocksCount() - 1).toBuilder().setLengthBytes(cut)
          .setGenstamp(view.lastGenstamp() + 1).build();
      edit.setLast(last).setLengthBytes(before + cut);
    }
    return Planned.change(EditOp.newBuilder().setRecoverLease(edit));
  }

  /**
   * Pipeline recovery, step 1: a new generation stamp for {@code block}, which must be the last block
   * of the file this client writes, at its current stamp. Only the stamp counter moves: the block
   * keeps its stamp until {@link #updatePipeline}, so that if the writer dies in between, its
   * replicas are not mistaken for stale ones.
   */
  public Planned newGenstampForPipeline(Caller caller, CairnPath path, String clientName, Block block)
      throws IOException {
    Inode file = fileBeingWritten(caller, path, clientName);
    if (file.getBlocksCount() == 0) {
      throw CairnException.invalidArgument(path + ": the file has no block to recover");
    }
    checkedLast(path, file, block.toBuilder().setLengthBytes(0).build());
    return Planned.change(EditOp.newBuilder().setSetGenstamp(SetGenstampEdit.newBuilder()
        .setGenstamp(view.lastGenstamp() + 1)));
  }

  /**
   * Pipeline recovery, step 2: the file's last block, {@code oldBlock} at its current stamp, takes
   * {@code newBlock}'s newer stamp (one this NameNode handed out) and length.
   */
  public Planned updatePipeline(Caller caller, CairnPath path, String clientName, Block oldBlock, Block newBlock)
      throws IOException {
    Inode file = fileBeingWritten(caller, path, clientName);
    if (file.getBlocksCount() == 0) {
      throw CairnException.invalidArgument(path + ": the file has no block to recover");
    }
    Block last = checkedLast(path, file, newBlock.toBuilder().setGenstamp(oldBlock.getGenstamp()).build());
    if (oldBlock.getId() != newBlock.getId() || newBlock.getGenstamp() <= oldBlock.getGenstamp()
        || newBlock.getGenstamp() > view.lastGenstamp()) {
      throw CairnException.invalidArgument(path + ": cannot move blk_" + oldBlock.getId() + "_"
          + oldBlock.getGenstamp() + " to blk_" + newBlock.getId() + "_" + newBlock.getGenstamp()
          + ": the new stamp must be newer and handed out by the NameNode");
    }
    return Planned.change(EditOp.newBuilder().setUpdatePipeline(UpdatePipelineEdit.newBuilder()
        .setParentId(file.getParentId()).setName(file.getName())
        .setBlock(last.toBuilder().setGenstamp(newBlock.getGenstamp()))));
  }

  /**
   * The file when it is open for writing by {@code clientName}; null when it is closed (a retried
   * complete). LEASE_CONFLICT when another client writes it.
   */
  public Inode openFileOrNull(Caller caller, CairnPath path, String clientName) throws IOException {
    Inode file = existingFile(caller, path);
    if (!file.getUnderConstruction()) {
      return null;
    }
    checkHolder(path, file, clientName);
    return file;
  }

  /** The file {@code path} names; NOT_FOUND or IS_DIRECTORY otherwise. */
  public Inode existingFile(Caller caller, CairnPath path) throws IOException {
    ResolvedPath r = resolver.resolve(caller, path);
    if (!r.exists()) {
      throw CairnException.notFound(path.toString());
    }
    if (r.last().getType() != InodeType.FILE) {
      throw CairnException.isDirectory(path.toString());
    }
    return r.last();
  }

  /** The file, checked to be under construction by {@code clientName}. */
  public Inode fileBeingWritten(Caller caller, CairnPath path, String clientName) throws IOException {
    Inode file = existingFile(caller, path);
    if (!file.getUnderConstruction()) {
      throw new CairnException(ErrorCode.LEASE_CONFLICT, path + ": is not open for writing");
    }
    checkHolder(path, file, clientName);
    return file;
  }

  private void checkHolder(CairnPath path, Inode file, String clientName) throws CairnException {
    if (!file.getLeaseHolder().equals(clientName)) {
      throw new CairnException(ErrorCode.LEASE_CONFLICT, path + ": is being written by " + file.getLeaseHolder()
          + ", not by " + clientName);
    }
  }

  private static Block checkedLast(CairnPath path, Inode file, Block claimed) throws CairnException {
    Block last = file.getBlocks(file.getBlocksCount() - 1);
    if (claimed.getId() != last.getId() || claimed.getGenstamp() != last.getGenstamp()) {
      throw CairnException.invalidArgument(path + ": block " + claimed.getId() + "_" + claimed.getGenstamp()
          + " is not the file's last block " + last.getId() + "_" + last.getGenstamp());
    }
    if (claimed.getLengthBytes() < 0 || claimed.getLengthBytes() > file.getBlockSizeBytes()) {
      throw CairnException.invalidArgument(path + ": block length " + claimed.getLengthBytes()
          + " is outside [0, " + file.getBlockSizeBytes() + "]");
    }
    return last.toBuilder().setLengthBytes(claimed.getLengthBytes()).build();
  }
}
