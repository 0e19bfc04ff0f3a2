package io.cairn.bench;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.FileStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The workload against Cairn's NameNode through {@link CairnClient}, one client for all threads. */
final class CairnWorkload implements Workload {
  private final CairnClient client;

  CairnWorkload(String address) throws IOException {
    this.client = CairnClient.connect(address);
  }

  @Override
  public String name() {
    return "Cairn";
  }

  @Override
  public void mkdir(String path) throws IOException {
    if (!client.mkdirs(path, true)) {
      throw new IOException("mkdirs " + path + " created nothing");
    }
  }

  @Override
  public void createAndClose(String path) throws IOException {
    client.createEmpty(path, false);
  }

  @Override
  public void stat(String path) throws IOException {
    client.stat(path);
  }

  @Override
  public int list(String path) throws IOException {
    int n = 0;
    for (FileStatus ignored : client.list(path)) {
      n++;
    }
    return n;
  }

  @Override
  public void rename(String src, String dst) throws IOException {
    client.rename(src, dst, false);
  }

  @Override
  public void delete(String path) throws IOException {
    if (!client.delete(path, false)) {
      throw new IOException("delete " + path + " found nothing");
    }
  }

  @Override
  public OutputStream create(String path, int replication, long blockSizeBytes) throws IOException {
    return client.create(path, CreateOptions.defaults().createParents(false).replication(replication)
        .blockSizeBytes(blockSizeBytes));
  }

  /** One call for a file the NameNode keeps whole (CairnClient.writeFile), as `cairn put` writes small files. */
  @Override
  public void writeWhole(String path, byte[] data, int replication, long blockSizeBytes) throws IOException {
    client.writeFile(path, data, CreateOptions.defaults().createParents(false).replication(replication)
        .blockSizeBytes(blockSizeBytes));
  }

  @Override
  public InputStream open(String path) throws IOException {
    return client.open(path);
  }

  @Override
  public List<BlockReplicas> blockReplicas(String path) throws IOException {
    return client.getBlockLocations(path, 0, Long.MAX_VALUE).getBlocksList().stream()
        .map(b -> new BlockReplicas(b.getBlock().getLengthBytes(),
            b.getLocationsList().stream().map(CairnWorkload::address).toList()))
        .toList();
  }

  @Override
  public Set<String> liveDataNodes() throws IOException {
    return client.datanodeReport().getNodesList().stream().filter(DatanodeReport::getLive)
        .map(r -> address(r.getNode())).collect(Collectors.toSet());
  }

  private static String address(DatanodeInfo node) {
    return node.getHost() + ":" + node.getDataPort();
  }

  @Override
  public void deleteTree(String path) throws IOException {
    if (!client.delete(path, true)) {
      throw new IOException("delete " + path + " found nothing");
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
