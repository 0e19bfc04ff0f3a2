package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * The calls the benchmarks make, one implementation per file system. Implementations are
 * shared by all benchmark threads, so they must be thread-safe, as both file systems' clients are.
 * Each method is one client-level operation and fails (throws) when the file system did not do
 * what was asked, so a benchmark never counts an operation that silently did nothing.
 */
public interface Workload extends AutoCloseable {
  /** The name printed in results. */
  String name();

  /** Creates directory {@code path}; its parent exists. */
  void mkdir(String path) throws IOException;

  /** Creates the empty file {@code path} and closes it; its parent exists. */
  void createAndClose(String path) throws IOException;

  /** Fetches the status of {@code path}, which exists. */
  void stat(String path) throws IOException;

  /** Lists directory {@code path}; returns how many entries it holds. */
  int list(String path) throws IOException;

  /** Renames {@code src} to {@code dst}, which does not exist (rename2 semantics on both systems). */
  void rename(String src, String dst) throws IOException;

  /** Deletes the file {@code path}, non-recursively. */
  void delete(String path) throws IOException;

  /**
   * Creates the file {@code path} (its parent exists, the file does not) for writing, with the
   * given replication and block size; closing the stream completes the file.
   */
  OutputStream create(String path, int replication, long blockSizeBytes) throws IOException;

  /**
   * Writes {@code data} as the whole of a new file {@code path} (its parent exists, the file does
   * not) and closes it: by default a create, one write and a close; a file system with a call that
   * takes a whole file uses it.
   */
  default void writeWhole(String path, byte[] data, int replication, long blockSizeBytes) throws IOException {
    try (OutputStream out = create(path, replication, blockSizeBytes)) {
      out.write(data);
    }
  }

  /** Opens the file {@code path} for reading. */
  InputStream open(String path) throws IOException;

  /** One block of a file as the NameNode lists it: its length and its replicas' DataNodes (HOST:PORT). */
  record BlockReplicas(long lengthBytes, List<String> nodes) {}

  /** The blocks of file {@code path}, in order, with the replicas the NameNode lists for each. */
  List<BlockReplicas> blockReplicas(String path) throws IOException;

  /** The DataNodes the NameNode counts as live, as HOST:PORT (the port as in block locations). */
  Set<String> liveDataNodes() throws IOException;

  /** Deletes {@code path} and everything under it; fails when nothing was there. */
  void deleteTree(String path) throws IOException;

  @Override
  void close() throws IOException;
}
