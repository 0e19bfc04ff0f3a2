package io.cairn.fuse;

import io.cairn.client.CreateOptions;
import io.cairn.proto.FileStatus;

/**
 * What a rewritten file keeps of the one it replaces: permission, owner, group, replication and
 * block size. Rewrites (a truncate to zero, a staged commit) create a new Cairn file, which would
 * otherwise take the bridge's defaults and user.
 *
 * @param owner null when the file was created by this mount (it already has the right owner)
 */
record FileShape(int mode, String owner, String group, int replication, long blockSizeBytes) {
  static FileShape of(FileStatus st) {
    return new FileShape(st.getMode() & 07777, st.getOwner(), st.getGroup(), st.getReplication(),
        st.getBlockSizeBytes());
  }

  static FileShape created(int mode) {
    return new FileShape(mode & 07777, null, null, 0, 0);
  }

  CreateOptions createOptions(boolean overwrite) {
    return CreateOptions.defaults().mode(mode).overwrite(overwrite).createParents(false).replication(replication)
        .blockSizeBytes(blockSizeBytes);
  }

  /** Whether a file created by {@code user} needs a chown to look like the original. */
  boolean needsOwner(String user) {
    return owner != null && !owner.equals(user);
  }
}
