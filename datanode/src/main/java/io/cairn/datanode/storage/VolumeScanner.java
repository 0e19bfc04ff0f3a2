package io.cairn.datanode.storage;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the replica map of a volume at start and settles what a crash interrupted:
 * <ul>
 *   <li>a finalized block whose meta file is in {@code rbw} (a finalize or an append cut short) becomes
 *       a replica being written;</li>
 *   <li>of several meta files of one block, the newest generation stamp wins; the rest are deleted;</li>
 *   <li>a replica left in {@code rbw} is kept, not finalized, with the longest prefix whose last chunk
 *       matches its checksum;</li>
 *   <li>a block file without meta file, or the reverse, is deleted (it was never acknowledged).</li>
 * </ul>
 */
final class VolumeScanner {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeScanner.class);

  /** The replica files found in one folder tree. */
  private static final class Listing {
    final Map<Long, Path> blocks = new HashMap<>();
    final Map<Long, NavigableMap<Long, Path>> metas = new HashMap<>();

    void add(Path file) {
      String name = file.getFileName().toString();
      Long id = VolumeLayout.parseBlockName(name);
      long[] meta = VolumeLayout.parseMetaName(name);
      if (id != null) {
        blocks.put(id, file);
      } else if (meta != null) {
        metas.computeIfAbsent(meta[0], k -> new TreeMap<>()).put(meta[1], file);
      } else {
        LOG.warn("ignoring a stray file in the volume: {}", file);
      }
    }
  }

  private final VolumeLayout layout;

  VolumeScanner(VolumeLayout layout) {
    this.layout = layout;
  }

  Map<Long, Replica> scan() throws IOException {
    Listing fin = list(layout.finalizedDir(), 3);
    Listing rbw = list(layout.rbwDir(), 1);
    for (Long id : fin.blocks.keySet().toArray(Long[]::new)) {
      if (!fin.metas.containsKey(id) && rbw.metas.containsKey(id)) {
        Path target = layout.blockFile(id, ReplicaState.RBW);
        Files.move(fin.blocks.remove(id), target, StandardCopyOption.ATOMIC_MOVE);
        rbw.blocks.put(id, target);
        LOG.warn("blk_{}: an interrupted finalize or append left it half moved; kept as not finalized", id);
      }
    }
    Map<Long, Replica> out = new HashMap<>();
    for (Map.Entry<Long, Path> e : fin.blocks.entrySet()) {
      Long gs = newestMeta(e.getKey(), fin);
      if (gs != null) {
        out.put(e.getKey(), new Replica(e.getKey(), gs, Files.size(e.getValue()), ReplicaState.FINALIZED));
      } else {
        deleteOrphan(e.getValue());
      }
    }
    for (Map.Entry<Long, Path> e : rbw.blocks.entrySet()) {
      keepRbw(e.getKey(), e.getValue(), rbw, out);
    }
    deleteOrphanMetas(fin);
    deleteOrphanMetas(rbw);
    return out;
  }

  private void keepRbw(long id, Path block, Listing rbw, Map<Long, Replica> out) throws IOException {
    Long gs = newestMeta(id, rbw);
    if (gs == null) {
      deleteOrphan(block);
      return;
    }
    Replica finalized = out.get(id);
    if (finalized != null && finalized.genstamp() >= gs) {
      LOG.warn("blk_{}: a finalized replica (gs {}) and an older one being written (gs {}); dropping the latter",
          id, finalized.genstamp(), gs);
      Files.delete(block);
      Files.delete(rbw.metas.remove(id).get(gs));
      return;
    }
    if (finalized != null) {
      Files.delete(layout.blockFile(finalized));
      Files.delete(layout.metaFile(finalized));
    }
    long length = recoverLength(block, rbw.metas.get(id).get(gs));
    out.put(id, new Replica(id, gs, length, ReplicaState.RBW));
  }

  /** The newest stamp among the meta files of {@code id}, deleting older ones and taking it out of the listing. */
  private static Long newestMeta(long id, Listing listing) throws IOException {
    NavigableMap<Long, Path> metas = listing.metas.get(id);
    if (metas == null) {
      return null;
    }
    Map.Entry<Long, Path> newest = metas.pollLastEntry();
    for (Path older : metas.values()) {
      LOG.warn("deleting the meta file of an older generation stamp: {}", older);
      Files.delete(older);
    }
    metas.clear();
    metas.put(newest.getKey(), newest.getValue());
    listing.metas.put(id, metas);
    return newest.getKey();
  }

  /** Length of the longest prefix of the block whose chunks have checksums and whose last chunk matches. */
  static long recoverLength(Path block, Path meta) throws IOException {
    try (FileChannel d = FileChannel.open(block, StandardOpenOption.READ);
        FileChannel m = FileChannel.open(meta, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(MetaFormat.HEADER_BYTES);
      if (m.size() < MetaFormat.HEADER_BYTES) {
        return 0;
      }
      DiskIo.readFully(m, header, 0);
      if (MetaFormat.checkHeader(header.flip()) != null) {
        LOG.warn("{}: {}; the replica keeps no data", meta, MetaFormat.checkHeader(header));
        return 0;
      }
      long chunks = (m.size() - MetaFormat.HEADER_BYTES) / DataTransfer.CHECKSUM_SIZE;
      long length = Math.min(d.size(), chunks * DataTransfer.BYTES_PER_CHECKSUM);
      while (length > 0) {
        long chunk = (length - 1) / DataTransfer.BYTES_PER_CHECKSUM;
        long start = chunk * DataTransfer.BYTES_PER_CHECKSUM;
        ByteBuffer data = ByteBuffer.allocate((int) (length - start));
        DiskIo.readFully(d, data, start);
        ByteBuffer sum = ByteBuffer.allocate(DataTransfer.CHECKSUM_SIZE);
        DiskIo.readFully(m, sum, MetaFormat.checksumOffset(chunk));
        if (Checksums.firstMismatch(data.flip(), sum.flip()) < 0) {
          break;
        }
        length = start;
      }
      return length;
    }
  }

  private static void deleteOrphanMetas(Listing listing) throws IOException {
    for (Map.Entry<Long, NavigableMap<Long, Path>> e : listing.metas.entrySet()) {
      if (!listing.blocks.containsKey(e.getKey())) {
        for (Path p : e.getValue().values()) {
          deleteOrphan(p);
        }
      }
    }
  }

  private static void deleteOrphan(Path p) throws IOException {
    LOG.warn("deleting {}: it has no block or meta file to go with it", p);
    Files.delete(p);
  }

  private static Listing list(Path dir, int depth) throws IOException {
    Listing listing = new Listing();
    try (Stream<Path> files = Files.walk(dir, depth)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        listing.add(p);
      }
    }
    return listing;
  }
}
