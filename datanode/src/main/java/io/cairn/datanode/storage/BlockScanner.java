package io.cairn.datanode.storage;

import io.cairn.common.error.CairnException;
import io.cairn.common.time.Clock;
import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background block scanner (HDFS's VolumeScanner): reads every finalized replica once per
 * period at a bounded rate, checks its length and every chunk's CRC32C against its meta file, and
 * takes a bad one (a flipped byte, a truncated or missing file) out of service through
 * {@link ReplicaStore#markBad}, whose listener tells the NameNode in the next incremental report;
 * the NameNode then restores the replication from a good copy. Replicas being written are left to
 * their writer.
 *
 * <p>Between those slow passes, a second, cheap one looks only at the replicas' files, a few
 * thousand a second ({@link #checkFilesOnce}): a block or meta file that is missing, has the wrong
 * size, or was written to well after its partner (every write the DataNode makes touches both, a
 * change from outside touches one) has its bytes verified at once. So a truncated, deleted or
 * overwritten replica is found within seconds, not weeks; a flipped bit with no write at all is
 * still left to the slow pass, as in HDFS. A false suspicion costs one verification read.
 *
 * <p>One thread for each kind of pass; {@link #scanOnce} and {@link #checkFilesOnce} can be driven by hand.
 */
public final class BlockScanner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockScanner.class);
  /** Read this much at a time: 128 chunks, one packet's worth. */
  private static final int STEP_BYTES = 128 * DataTransfer.BYTES_PER_CHECKSUM;

  /** Waits, so tests can run the scanner on a manual clock. */
  @FunctionalInterface
  public interface Pause {
    void pause(long ms) throws InterruptedException;
  }

  /**
   * A block file written this much later than its meta file (or the reverse) was changed by
   * something other than the DataNode, whose writes touch both within one packet.
   */
  static final long WRITE_SKEW_MS = 2_000;

  private final ReplicaStore store;
  private final Clock clock;
  private final Pause pause;
  private final ScanConfig config;
  private volatile boolean closed;
  private final List<Thread> threads = new ArrayList<>();

  public BlockScanner(ReplicaStore store, Clock clock, Pause pause, ScanConfig config) {
    this.store = store;
    this.clock = clock;
    this.pause = pause;
    this.config = config;
  }

  public synchronized void start() {
    if (config.periodMs() > 0) {
      threads.add(Thread.ofPlatform().name("block-scanner").daemon()
          .start(() -> repeat("block scan", config.periodMs(), this::scanOnce)));
    }
    if (config.fileCheckPeriodMs() > 0) {
      threads.add(Thread.ofPlatform().name("replica-file-check").daemon()
          .start(() -> repeat("replica file check", config.fileCheckPeriodMs(), this::checkFilesOnce)));
    }
  }

  @FunctionalInterface
  private interface Pass {
    int run() throws InterruptedException;
  }

  /** Runs {@code pass} at most once every {@code periodMs} until closed. */
  private void repeat(String name, long periodMs, Pass pass) {
    try {
      while (!closed) {
        long started = clock.monotonicMs();
        int bad = pass.run();
        if (bad > 0) {
          LOG.warn("{} found {} bad replicas", name, bad);
        }
        long next = started + periodMs - clock.monotonicMs();
        if (next > 0 && !closed) {
          pause.pause(next);
        }
      }
    } catch (InterruptedException e) {
      // close(): stop.
    } catch (RuntimeException e) {
      LOG.error("the {} stopped", name, e);
    }
  }

  /**
   * One pass over the finalized replicas' files, at most {@code fileChecksPerSecond} a second: a
   * replica whose files look changed is verified at once. Returns how many it took out of service.
   */
  public int checkFilesOnce() throws InterruptedException {
    int bad = 0;
    long windowStart = clock.monotonicMs();
    long checked = 0;
    for (Replica r : store.replicas()) {
      if (closed) {
        break;
      }
      if (!r.finalized()) {
        continue;
      }
      if (looksChanged(r) && !verify(r)) {
        bad++;
      }
      checked++;
      holdRate(windowStart, checked, config.fileChecksPerSecond());
    }
    return bad;
  }

  /** Whether the replica's files are not as the DataNode left them: gone, resized, or written apart. */
  private boolean looksChanged(Replica r) {
    Optional<ReplicaStore.ReplicaFiles> files = store.files(r);
    if (files.isEmpty()) {
      return false; // gone from the store since the listing
    }
    try {
      BasicFileAttributes block = Files.readAttributes(files.get().block(), BasicFileAttributes.class);
      BasicFileAttributes meta = Files.readAttributes(files.get().meta(), BasicFileAttributes.class);
      long skew = block.lastModifiedTime().toMillis() - meta.lastModifiedTime().toMillis();
      return block.size() != r.lengthBytes() || meta.size() != MetaFormat.metaLength(r.lengthBytes())
          || Math.abs(skew) > WRITE_SKEW_MS;
    } catch (IOException e) {
      // Missing or unreadable: verifying it takes it out of service, or its volume.
      return true;
    }
  }

  /** One pass over the finalized replicas; returns how many it took out of service. */
  public int scanOnce() throws InterruptedException {
    int bad = 0;
    List<Replica> replicas = store.replicas();
    for (Replica r : replicas) {
      if (closed) {
        break;
      }
      if (r.finalized() && !verify(r)) {
        bad++;
      }
    }
    return bad;
  }

  /** False when the replica was found bad (and taken out of service). */
  private boolean verify(Replica r) throws InterruptedException {
    String problem;
    try (ReplicaInput in = store.openForRead(r.blockId(), r.genstamp())) {
      if (in.replica().genstamp() != r.genstamp() || !in.replica().finalized()) {
        return true; // rewritten since the listing: the next pass sees the new one
      }
      problem = check(in);
    } catch (CairnException e) {
      // Deleted since the listing, or its file is missing, which openForRead has handled itself.
      return true;
    } catch (IOException e) {
      problem = "unreadable: " + e.getMessage();
    }
    if (problem == null) {
      return true;
    }
    return !store.markBad(r, "block scanner: " + problem);
  }

  /** What is wrong with the replica's bytes, or null when every chunk matches its checksum. */
  private String check(ReplicaInput in) throws IOException, InterruptedException {
    long length = in.replica().lengthBytes();
    long onDisk = in.dataChannel().size();
    if (onDisk != length) {
      return "the block file holds " + onDisk + " bytes, the replica " + length;
    }
    long windowStart = clock.monotonicMs();
    long readInWindow = 0;
    for (long pos = 0; pos < length; pos += STEP_BYTES) {
      int n = (int) Math.min(STEP_BYTES, length - pos);
      ByteBuffer data;
      ByteBuffer sums;
      try {
        data = in.readData(pos, n);
        sums = in.readChecksums(pos / DataTransfer.BYTES_PER_CHECKSUM, DataTransfer.checksumCount(n));
      } catch (EOFException e) {
        return "truncated: " + e.getMessage();
      }
      int mismatch = Checksums.firstMismatch(data, sums);
      if (mismatch >= 0) {
        return "checksum mismatch in the chunk at " + (pos + (long) mismatch * DataTransfer.BYTES_PER_CHECKSUM);
      }
      readInWindow += n;
      holdRate(windowStart, readInWindow, config.bytesPerSecond());
    }
    return null;
  }

  /** Waits until {@code done} units since {@code windowStartMs} fit in the time passed at {@code perSecond}. */
  private void holdRate(long windowStartMs, long done, long perSecond) throws InterruptedException {
    long due = windowStartMs + done * 1000 / perSecond - clock.monotonicMs();
    if (due > 0) {
      pause.pause(due);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
  }
}
