package io.cairn.client.nio;

import io.cairn.common.error.CairnException;
import io.cairn.proto.GetDatanodeReportResponse;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;


/**
 * The one store of a Cairn file system: its figures are the cluster's, summed over the live
 * DataNodes as the NameNode last heard them (raw bytes, before replication).
 */
final class CairnFileStore extends FileStore {
  private final CairnNioFileSystem fs;

  CairnFileStore(CairnNioFileSystem fs) {
    this.fs = fs;
  }

  @Override
  public String name() {
    return CairnFileSystemProvider.SCHEME + "://" + fs.authority();
  }

  @Override
  public String type() {
    return CairnFileSystemProvider.SCHEME;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public long getTotalSpace() throws IOException {
    return report().getCapacityBytes();
  }

  @Override
  public long getUsableSpace() throws IOException {
    return report().getRemainingBytes();
  }

  @Override
  public long getUnallocatedSpace() throws IOException {
    return report().getRemainingBytes();
  }

  private GetDatanodeReportResponse report() throws IOException {
    try {
      return fs.client().datanodeReport();
    } catch (CairnException e) {
      throw NioErrors.translate(e, "/");
    }
  }

  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    return type == BasicFileAttributeView.class || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class;
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    return CairnNioFileSystem.VIEWS.contains(name);
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return null;
  }

  @Override
  public Object getAttribute(String attribute) {
    throw new UnsupportedOperationException("cairn: no file store attribute '" + attribute + "'");
  }

  @Override
  public String toString() {
    return name();
  }

}
