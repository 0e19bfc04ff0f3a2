package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.DatanodeInfo;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;

/**
 * The workload against HDFS's NameNode through its own client ({@link DistributedFileSystem}), one
 * instance for all threads, as an application would use it.
 */
final class HdfsWorkload implements Workload {
  /** Stream buffer of create and open: HDFS's default ({@code io.file.buffer.size}). */
  private static final int BUFFER_BYTES = 4096;

  private final DistributedFileSystem fs;

  HdfsWorkload(String address) throws IOException {
    Configuration conf = new Configuration();
    FileSystem opened = FileSystem.newInstance(URI.create("hdfs://" + address), conf);
    if (!(opened instanceof DistributedFileSystem dfs)) {
      opened.close();
      throw new IOException("hdfs://" + address + " did not open a DistributedFileSystem");
    }
    this.fs = dfs;
  }

  @Override
  public String name() {
    return "HDFS";
  }

  @Override
  public void mkdir(String path) throws IOException {
    if (!fs.mkdirs(new Path(path))) {
      throw new IOException("mkdirs " + path + " failed");
    }
  }

  @Override
  public void createAndClose(String path) throws IOException {
    // An empty file: create, then close (complete), as an application writing nothing would.
    FSDataOutputStream out = fs.create(new Path(path), false);
    out.close();
  }

  @Override
  public void stat(String path) throws IOException {
    fs.getFileStatus(new Path(path));
  }

  @Override
  public int list(String path) throws IOException {
    FileStatus[] entries = fs.listStatus(new Path(path));
    return entries.length;
  }

  @Override
  public void rename(String src, String dst) throws IOException {
    fs.rename(new Path(src), new Path(dst), Options.Rename.NONE);
  }

  @Override
  public void delete(String path) throws IOException {
    if (!fs.delete(new Path(path), false)) {
      throw new IOException("delete " + path + " found nothing");
    }
  }

  @Override
  public OutputStream create(String path, int replication, long blockSizeBytes) throws IOException {
    return fs.create(new Path(path), false, BUFFER_BYTES, (short) replication, blockSizeBytes);
  }

  @Override
  public InputStream open(String path) throws IOException {
    return fs.open(new Path(path), BUFFER_BYTES);
  }

  @Override
  public List<BlockReplicas> blockReplicas(String path) throws IOException {
    List<BlockReplicas> out = new ArrayList<>();
    for (BlockLocation b : fs.getFileBlockLocations(new Path(path), 0, Long.MAX_VALUE)) {
      out.add(new BlockReplicas(b.getLength(), List.of(b.getNames())));
    }
    return out;
  }

  @Override
  public Set<String> liveDataNodes() throws IOException {
    return Arrays.stream(fs.getDataNodeStats(HdfsConstants.DatanodeReportType.LIVE)).map(DatanodeInfo::getXferAddr)
        .collect(Collectors.toSet());
  }

  @Override
  public void deleteTree(String path) throws IOException {
    if (!fs.delete(new Path(path), true)) {
      throw new IOException("delete " + path + " found nothing");
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
