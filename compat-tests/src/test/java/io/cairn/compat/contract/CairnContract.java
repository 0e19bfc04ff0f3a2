package io.cairn.compat.contract;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractFSContract;

/** Hadoop's FileSystem contract for Cairn: the options in {@value #OPTIONS}, the shared cluster's file system. */
final class CairnContract extends AbstractFSContract {
  static final String OPTIONS = "contract/cairn.xml";

  CairnContract(Configuration conf) {
    super(conf);
    addConfResource(OPTIONS);
  }

  @Override
  public FileSystem getTestFileSystem() throws IOException {
    return FileSystem.get(SharedCairnCluster.uri(), getConf());
  }

  @Override
  public String getScheme() {
    return "cairn";
  }

  @Override
  public Path getTestPath() {
    return new Path("/test");
  }
}
