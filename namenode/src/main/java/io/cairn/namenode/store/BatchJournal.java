package io.cairn.namenode.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The store's write-ahead log: every committed batch, in commit order, as a record in segment files
 * that are filled with zeros ahead of the records written into them.
 *
 * <p>Why its own and not RocksDB's: RocksDB's log grows with every write, so each {@code fdatasync}
 * of it also journals the file's new size (ext4 writes the inode and commits its journal); into
 * blocks already written, an {@code fdatasync} writes only the data. On this project's test machine
 * an append and sync took 260 µs against 180 µs (HDFS fills its edit log segments the same way).
 *
 * <p>A record is {@code [length int][crc32c int][seq long][batch bytes]}, the CRC over seq and
 * bytes. Sequence numbers rise by one from record to record, across segments; a segment is named
 * after its first. Reading stops at the first record that is zero, torn, or out of sequence: all
 * after it were never synced, so never acknowledged. Segments are never appended to after a
 * restart (the store starts a fresh one), so a torn tail stays the end of its segment.
 *
 * <p>Threads: {@link #prepare} and {@link #append} come from one committing thread at a time (the
 * store's commit lock); {@link #sync} from any thread.
 */
final class BatchJournal implements AutoCloseable {
  static final String DIR = "journal";
  private static final String PREFIX = "segment-";
  private static final String SUFFIX = ".log";
  private static final int HEADER_BYTES = 16;

  private final Path dir;
  private final long segmentBytes;
  private final ByteBuffer zeros;
  /** First sequence number of each segment on disk, the current one last. @GuardedBy("segments") */
  private final TreeMap<Long, Path> segments = new TreeMap<>();

  /** The segment records go to. Written under the store's commit lock and pendingLock. */
  private FileChannel current;
  /** Where the next appended record starts in {@link #current}. Under the store's commit lock. */
  private long appendEnd;
  /** How far {@link #current} is filled with zeros. Under the store's commit lock. */
  private long zeroedEnd;

  private final Object syncLock = new Object();
  private final Object pendingLock = new Object();
  /** Records appended but not yet written to the file. @GuardedBy("pendingLock") */
  private byte[] pending = new byte[64 << 10];
  /** @GuardedBy("pendingLock") */
  private int pendingLength;
  /** Where {@code pending[0]} goes in {@link #current}. @GuardedBy("pendingLock") */
  private long pendingAt;
  /** The buffer the next sync hands to appends while it writes the one it took. @GuardedBy("syncLock") */
  private byte[] spare = new byte[64 << 10];
  /**
   * The error of the sync that failed, if one did. Written under syncLock; volatile so that a commit
   * can check it without waiting for a sync in progress, which holds syncLock through its fsync.
   */
  private volatile IOException failed;

  private BatchJournal(Path dir, long segmentBytes, int zeroChunkBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.zeros = ByteBuffer.allocateDirect(zeroChunkBytes);
  }

  /** Hands each record's batch to the store, in order. */
  @FunctionalInterface
  interface Replay {
    void apply(byte[] batch) throws IOException;
  }

  /**
   * Replays the records after {@code afterSeq} from the segments in {@code dir}, in order, and
   * returns the last sequence number the store now holds ({@code afterSeq} when none followed).
   */
  static long replay(Path dir, long afterSeq, Replay replay) throws IOException {
    long next = afterSeq + 1;
    for (Path segment : segmentsIn(dir).values()) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment), 1 << 16))) {
        long size = Files.size(segment);
        long at = 0;
        while (true) {
          Record r = readRecord(in, size - at);
          if (r == null) {
            break;
          }
          at += HEADER_BYTES + r.batch.length;
          if (r.seq > next) {
            return next - 1;
          }
          if (r.seq == next) {
            replay.apply(r.batch);
            next++;
          }
        }
      }
    }
    return next - 1;
  }

  private record Record(long seq, byte[] batch) {}

  /** Null at the end of what can be trusted: zeros, a torn record or the end of the file. */
  private static Record readRecord(DataInputStream in, long left) throws IOException {
    try {
      if (left < HEADER_BYTES) {
        return null;
      }
      int length = in.readInt();
      int crc = in.readInt();
      long seq = in.readLong();
      if (length <= 0 || length > left - HEADER_BYTES) {
        return null;
      }
      byte[] batch = new byte[length];
      in.readFully(batch);
      return crc == crc(seq, batch) ? new Record(seq, batch) : null;
    } catch (EOFException e) {
      return null;
    }
  }

  private static int crc(long seq, byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).putLong(0, seq));
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /**
   * Deletes every segment in {@code dir} (the store has made all they hold durable itself) and
   * opens a new one whose first record will be {@code nextSeq}.
   */
  static BatchJournal startFresh(Path dir, long nextSeq, long segmentBytes, int zeroChunkBytes) throws IOException {
    Files.createDirectories(dir);
    for (Path old : segmentsIn(dir).values()) {
      Files.delete(old);
    }
    BatchJournal journal = new BatchJournal(dir, segmentBytes, zeroChunkBytes);
    journal.openSegment(nextSeq);
    return journal;
  }

  private static TreeMap<Long, Path> segmentsIn(Path dir) throws IOException {
    TreeMap<Long, Path> found = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          found.put(Long.parseLong(name, PREFIX.length(), name.length() - SUFFIX.length(), 10), p);
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException("a journal segment in " + dir + " has a malformed name: " + e.getMessage(), e);
    }
    return found;
  }

  private void openSegment(long firstSeq) throws IOException {
    Path path = dir.resolve(String.format("%s%019d%s", PREFIX, firstSeq, SUFFIX));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    long filled;
    try {
      filled = fillZeros(channel, 0, zeros.capacity());
      channel.force(true);
      syncDirectory();
    } catch (IOException e) {
      try (channel) {
        Files.deleteIfExists(path);
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    // Only now, so that a segment that could not be opened leaves the current one as it was.
    synchronized (segments) {
      segments.put(firstSeq, path);
    }
    synchronized (pendingLock) {
      current = channel;
      pendingAt = 0;
    }
    appendEnd = 0;
    zeroedEnd = filled;
  }

  /** Writes zeros from {@code from} to at least {@code upTo}, in whole chunks; returns where they end. */
  private long fillZeros(FileChannel channel, long from, long upTo) throws IOException {
    long at = from;
    while (at < upTo) {
      ByteBuffer chunk = zeros.duplicate().clear();
      while (chunk.hasRemaining()) {
        at += channel.write(chunk, at);
      }
    }
    return at;
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * Makes room for a record of {@code batchBytes} with sequence number {@code seq}: fills the
   * segment further with zeros, or closes it (with a sync) and opens the next. Fails, with nothing
   * changed, when the disk has no room.
   *
   * @return whether a segment was closed; the store may delete it once its own files hold it all
   */
  boolean prepare(long seq, int batchBytes) throws IOException {
    IOException failure = failed;
    if (failure != null) {
      throw new IOException("the journal failed earlier and takes no more records: " + failure.getMessage(), failure);
    }
    long need = HEADER_BYTES + (long) batchBytes;
    boolean rolled = false;
    if (appendEnd > 0 && appendEnd + need > segmentBytes) {
      sync();
      FileChannel old = current;
      openSegment(seq);
      // Under the sync lock, so that no sync that picked the old segment is still using it.
      synchronized (syncLock) {
        old.close();
      }
      rolled = true;
    }
    if (appendEnd + need > zeroedEnd) {
      long chunk = zeros.capacity();
      zeroedEnd = fillZeros(current, zeroedEnd, (appendEnd + need + chunk - 1) / chunk * chunk);
    }
    return rolled;
  }

  /** Appends a record for which {@link #prepare} made room; written at the next {@link #sync}. */
  void append(long seq, byte[] batch) {
    int length = HEADER_BYTES + batch.length;
    synchronized (pendingLock) {
      if (pendingLength + length > pending.length) {
        byte[] bigger = new byte[Math.max(pending.length * 2, pendingLength + length)];
        System.arraycopy(pending, 0, bigger, 0, pendingLength);
        pending = bigger;
      }
      ByteBuffer.wrap(pending, pendingLength, HEADER_BYTES)
          .putInt(batch.length).putInt(crc(seq, batch)).putLong(seq);
      System.arraycopy(batch, 0, pending, pendingLength + HEADER_BYTES, batch.length);
      pendingLength += length;
    }
    appendEnd += length;
  }

  /**
   * Writes every record appended so far and syncs it to disk. Once a sync has failed, every later
   * one fails too: the kernel may have dropped the pages it could not write, so nothing after them
   * can be promised either.
   */
  void sync() throws IOException {
    synchronized (syncLock) {
      if (failed != null) {
        throw new IOException("an earlier sync of the journal failed: " + failed.getMessage(), failed);
      }
      byte[] bytes;
      int length;
      long at;
      FileChannel channel;
      synchronized (pendingLock) {
        if (pendingLength == 0) {
          // Every record so far was written and synced by an earlier sync.
          return;
        }
        bytes = pending;
        length = pendingLength;
        at = pendingAt;
        channel = current;
        pending = spare != null ? spare : new byte[bytes.length];
        spare = null;
        pendingLength = 0;
        pendingAt = at + length;
      }
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
          at += channel.write(buffer, at);
        }
        channel.force(false);
      } catch (IOException e) {
        failed = e;
        throw e;
      }
      spare = bytes;
    }
  }

  /**
   * Refuses every later record and sync: a batch the store applied could not be journaled, so the
   * journal no longer matches the store.
   */
  void fail(Throwable cause) {
    synchronized (syncLock) {
      if (failed == null) {
        failed = new IOException("a batch could not be journaled: " + cause, cause);
      }
    }
  }

  /** The first sequence number of the segment records go to now. */
  long currentFirstSeq() {
    synchronized (segments) {
      return segments.lastKey();
    }
  }

  /** Deletes the segments before the one that starts at {@code firstSeq}, whose records the store holds in its own files. */
  void deleteBefore(long firstSeq) throws IOException {
    List<Path> done = new ArrayList<>();
    synchronized (segments) {
      while (!segments.isEmpty() && segments.firstKey() < firstSeq) {
        done.add(segments.pollFirstEntry().getValue());
      }
    }
    for (Path p : done) {
      Files.deleteIfExists(p);
    }
  }

  /** How many segments are on disk, the current one included. */
  int segmentCount() {
    synchronized (segments) {
      return segments.size();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (pendingLock) {
      current.close();
    }
  }
}
