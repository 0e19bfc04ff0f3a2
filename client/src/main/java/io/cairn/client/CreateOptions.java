package io.cairn.client;

/**
 * Options of a new file. Replication and block size 0 take the NameNode's defaults.
 */
public record CreateOptions(int mode, boolean overwrite, boolean createParents, int replication,
    long blockSizeBytes) {
  public static CreateOptions defaults() {
    return new CreateOptions(CairnClient.DEFAULT_FILE_MODE & ~CairnClient.DEFAULT_UMASK, false, true, 0, 0);
  }

  public CreateOptions overwrite(boolean v) {
    return new CreateOptions(mode, v, createParents, replication, blockSizeBytes);
  }

  public CreateOptions mode(int v) {
    return new CreateOptions(v, overwrite, createParents, replication, blockSizeBytes);
  }

  public CreateOptions createParents(boolean v) {
    return new CreateOptions(mode, overwrite, v, replication, blockSizeBytes);
  }

  public CreateOptions replication(int v) {
    return new CreateOptions(mode, overwrite, createParents, v, blockSizeBytes);
  }

  public CreateOptions blockSizeBytes(long v) {
    return new CreateOptions(mode, overwrite, createParents, replication, v);
  }
}
