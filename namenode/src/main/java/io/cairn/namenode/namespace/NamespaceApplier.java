package io.cairn.namenode.namespace;

import com.google.common.base.Verify;
import io.cairn.proto.AddBlockEdit;
import io.cairn.proto.AddInodeEdit;
import io.cairn.proto.AppendFileEdit;
import io.cairn.proto.Block;
import io.cairn.proto.CloseFileEdit;
import io.cairn.proto.DeleteEdit;
import io.cairn.proto.EditOp;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import io.cairn.proto.RecoverLeaseEdit;
import io.cairn.proto.RenameEdit;
import io.cairn.proto.SetAttributesEdit;
import io.cairn.proto.UpdatePipelineEdit;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The deterministic half of every mutation: turns an edit into writes. It reads only the stored
 * namespace and the edit, never the clock or a random source, so replaying the edits in order on
 * an empty store reproduces the namespace exactly. An edit that does not fit the namespace it is
 * applied to is a bug (or a corrupt log) and fails loudly.
 */
public final class NamespaceApplier {
  private final NamespaceView view;

  public NamespaceApplier(NamespaceView view) {
    this.view = view;
  }

  public void apply(EditOp op, NamespaceMutations out) throws IOException {
    switch (op.getOpCase()) {
      case ADD_INODE -> addInode(op.getAddInode(), out);
      case CLOSE_FILE -> closeFile(op.getCloseFile(), out);
      case RENAME -> rename(op.getRename(), out);
      case DELETE -> delete(op.getDelete(), out);
      case SET_ATTRIBUTES -> setAttributes(op.getSetAttributes(), out);
      case ADD_BLOCK -> addBlock(op.getAddBlock(), out);
      case APPEND_FILE -> appendFile(op.getAppendFile(), out);
      case RECOVER_LEASE -> recoverLease(op.getRecoverLease(), out);
      case SET_GENSTAMP -> out.setLastGenstamp(Math.max(view.lastGenstamp(), op.getSetGenstamp().getGenstamp()));
      case UPDATE_PIPELINE -> updatePipeline(op.getUpdatePipeline(), out);
      case DECOMMISSION -> out.setDecommissioned(op.getDecommission().getDatanodeUuid(),
          op.getDecommission().getDecommission());
      case OP_NOT_SET -> throw new IllegalStateException("edit " + op.getTxid() + " carries no operation");
    }
  }

  private void addInode(AddInodeEdit e, NamespaceMutations out) throws IOException {
    long lastId = view.lastInodeId();
    for (Inode dir : e.getParentsList()) {
      out.putInode(dir);
      lastId = Math.max(lastId, dir.getId());
    }
    Inode inode = e.getInode();
    Inode replaced = view.lookup(inode.getParentId(), inode.getName());
    if (replaced != null) {
      Verify.verify(e.getOverwrite() && replaced.getType() == InodeType.FILE,
          "edit adds %s over an existing entry without overwrite", inode.getName());
      out.removeInode(replaced);
      out.dropContent(replaced);
    }
    out.putInode(inode);
    if (e.hasInlineData()) {
      Verify.verify(inode.getInlineData() && !inode.getUnderConstruction()
          && e.getInlineData().size() == inode.getLengthBytes(), "edit adds %s with %s bytes kept in the namespace,"
          + " but the inode says length %s, inline %s", inode.getName(), e.getInlineData().size(),
          inode.getLengthBytes(), inode.getInlineData());
      out.putInlineData(inode.getId(), e.getInlineData().toByteArray());
    }
    out.setLastInodeId(Math.max(lastId, inode.getId()));
    if (e.getNamespaceId() != 0) {
      out.setNamespaceId(e.getNamespaceId());
    }
    // The directory that existed before the edit is the one whose listing changed.
    long changedDir = e.getParentsCount() > 0 ? e.getParents(0).getParentId() : inode.getParentId();
    if (inode.getParentId() != NamespaceView.ROOT_PARENT_ID) {
      touchDirectory(changedDir, inode.getMtimeMs(), out);
    }
  }

  private void closeFile(CloseFileEdit e, NamespaceMutations out) throws IOException {
    Inode.Builder file = require(e.getParentId(), e.getName()).toBuilder();
    if (e.hasLast()) {
      replaceLastBlock(file, e.getLast());
    }
    if (e.hasInlineData()) {
      Verify.verify(file.getBlocksCount() == 0 && e.getInlineData().size() == e.getLengthBytes(),
          "close of %s with %s bytes kept in the namespace, at length %s, over %s blocks", file.getName(),
          e.getInlineData().size(), e.getLengthBytes(), file.getBlocksCount());
      out.putInlineData(file.getId(), e.getInlineData().toByteArray());
      file.setInlineData(true);
    } else if (file.getInlineData()) {
      // An append wrote the kept bytes into blocks with its own; only the blocks hold the file now.
      out.dropInlineData(file.getId());
      file.setInlineData(false);
    }
    out.leaseReleased(file.getId());
    out.putInode(file.setUnderConstruction(false).clearLeaseHolder()
        .setLengthBytes(e.getLengthBytes()).setMtimeMs(e.getMtimeMs()).build());
  }

  private void recoverLease(RecoverLeaseEdit e, NamespaceMutations out) throws IOException {
    Inode.Builder file = require(e.getParentId(), e.getName()).toBuilder();
    Verify.verify(file.getUnderConstruction() && file.getLeaseHolder().equals(e.getHolder()),
        "lease recovery of %s, which %s does not hold open", file.getName(), e.getHolder());
    if (e.getInlineDataKept()) {
      Verify.verify(file.getInlineData(), "lease recovery keeps the inline bytes of %s, which has none",
          file.getName());
      file.getBlocksList().forEach(out::dropBlock);
      file.clearBlocks();
    } else if (file.getInlineData() && file.getBlocksCount() > 0) {
      // The blocks hold the kept bytes and what the appender added after them.
      out.dropInlineData(file.getId());
      file.setInlineData(false);
    }
    if (e.hasDropped()) {
      int index = file.getBlocksCount() - 1;
      Verify.verify(index >= 0 && file.getBlocks(index).getId() == e.getDropped().getId(),
          "lease recovery drops block %s, which is not the last block of %s", e.getDropped().getId(), file.getName());
      file.removeBlocks(index);
      out.dropBlock(e.getDropped());
    } else if (e.hasLast()) {
      replaceLastBlock(file, e.getLast());
      out.setLastGenstamp(Math.max(view.lastGenstamp(), e.getLast().getGenstamp()));
    }
    out.leaseReleased(file.getId());
    out.putInode(file.setUnderConstruction(false).clearLeaseHolder()
        .setLengthBytes(e.getLengthBytes()).setMtimeMs(e.getMtimeMs()).build());
  }

  private void addBlock(AddBlockEdit e, NamespaceMutations out) throws IOException {
    Inode.Builder file = require(e.getParentId(), e.getName()).toBuilder();
    if (e.hasPrevious()) {
      replaceLastBlock(file, e.getPrevious());
    }
    Block block = e.getBlock();
    file.addBlocks(block);
    setLengthFromBlocks(file);
    out.putInode(file.build());
    out.putBlock(file.getId(), block);
    out.setLastBlockId(Math.max(view.lastBlockId(), block.getId()));
    out.setLastGenstamp(Math.max(view.lastGenstamp(), block.getGenstamp()));
  }

  private void appendFile(AppendFileEdit e, NamespaceMutations out) throws IOException {
    Inode.Builder file = require(e.getParentId(), e.getName()).toBuilder();
    if (e.hasLast()) {
      replaceLastBlock(file, e.getLast());
      out.setLastGenstamp(Math.max(view.lastGenstamp(), e.getLast().getGenstamp()));
    }
    out.putInode(file.setUnderConstruction(true).setLeaseHolder(e.getClientName()).setMtimeMs(e.getMtimeMs())
        .build());
  }

  private void updatePipeline(UpdatePipelineEdit e, NamespaceMutations out) throws IOException {
    Inode.Builder file = require(e.getParentId(), e.getName()).toBuilder();
    Verify.verify(file.getUnderConstruction(), "pipeline update of %s, which is not being written", file.getName());
    replaceLastBlock(file, e.getBlock());
    setLengthFromBlocks(file);
    out.putInode(file.build());
    out.setLastGenstamp(Math.max(view.lastGenstamp(), e.getBlock().getGenstamp()));
  }

  /**
   * A file being written is as long as its blocks, unless its bytes are still kept in the namespace
   * (an append on its way to blocks): then its length stays theirs until it closes.
   */
  private static void setLengthFromBlocks(Inode.Builder file) {
    if (!file.getInlineData()) {
      file.setLengthBytes(file.getBlocksList().stream().mapToLong(Block::getLengthBytes).sum());
    }
  }

  /** The edit's block must be the file's last one (same id); it takes the edit's length and stamp. */
  private static void replaceLastBlock(Inode.Builder file, Block last) {
    int index = file.getBlocksCount() - 1;
    Verify.verify(index >= 0 && file.getBlocks(index).getId() == last.getId(),
        "edit names block %s, which is not the last block of %s", last.getId(), file.getName());
    file.setBlocks(index, last);
  }

  private void rename(RenameEdit e, NamespaceMutations out) throws IOException {
    Inode moving = require(e.getSrcParentId(), e.getSrcName());
    Inode replaced = view.lookup(e.getDstParentId(), e.getDstName());
    if (replaced != null) {
      Verify.verify(e.getOverwrite(), "rename onto existing %s without overwrite", e.getDstName());
      removeSubtree(replaced, out);
    }
    out.removeInode(moving);
    out.putInode(moving.toBuilder().setParentId(e.getDstParentId()).setName(e.getDstName()).build());
    touchDirectory(e.getSrcParentId(), e.getMtimeMs(), out);
    if (e.getDstParentId() != e.getSrcParentId()) {
      touchDirectory(e.getDstParentId(), e.getMtimeMs(), out);
    }
  }

  private void delete(DeleteEdit e, NamespaceMutations out) throws IOException {
    removeSubtree(require(e.getParentId(), e.getName()), out);
    touchDirectory(e.getParentId(), e.getMtimeMs(), out);
  }

  private void setAttributes(SetAttributesEdit e, NamespaceMutations out) throws IOException {
    Inode.Builder b = require(e.getParentId(), e.getName()).toBuilder();
    if (e.hasMode()) {
      b.setMode(e.getMode());
    }
    if (e.hasOwner()) {
      b.setOwner(e.getOwner());
    }
    if (e.hasGroup()) {
      b.setGroup(e.getGroup());
    }
    if (e.hasMtimeMs()) {
      b.setMtimeMs(e.getMtimeMs());
    }
    if (e.hasAtimeMs()) {
      b.setAtimeMs(e.getAtimeMs());
    }
    if (e.hasReplication()) {
      b.setReplication(e.getReplication());
    }
    out.putInode(b.build());
  }

  /** Removes {@code top} and everything below it; children are listed before they are removed. */
  private void removeSubtree(Inode top, NamespaceMutations out) throws IOException {
    Deque<Inode> dirs = new ArrayDeque<>();
    out.removeInode(top);
    if (top.getType() == InodeType.DIRECTORY) {
      dirs.push(top);
    } else {
      out.dropContent(top);
    }
    while (!dirs.isEmpty()) {
      Inode dir = dirs.pop();
      view.forEachChild(dir.getId(), "", child -> {
        out.removeInode(child);
        if (child.getType() == InodeType.DIRECTORY) {
          dirs.push(child);
        } else {
          out.dropContent(child);
        }
        return true;
      });
    }
  }

  private void touchDirectory(long dirId, long mtimeMs, NamespaceMutations out) throws IOException {
    Inode dir = view.byId(dirId);
    Verify.verifyNotNull(dir, "edit names directory id %s, which does not exist", dirId);
    out.putInode(dir.toBuilder().setMtimeMs(mtimeMs).build());
  }

  private Inode require(long parentId, String name) throws IOException {
    Inode inode = view.lookup(parentId, name);
    Verify.verifyNotNull(inode, "edit names %s/%s, which does not exist", parentId, name);
    return inode;
  }
}
