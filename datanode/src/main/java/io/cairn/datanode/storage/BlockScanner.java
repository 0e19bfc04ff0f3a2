package io.cairn.datanode.storage;

import io.cairn.common.error.CairnException;
import io.cairn.common.time.Clock;
import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background block scanner (HDFS's VolumeScanner): reads every finalized replica once per
 * period at a bounded rate, checks its length and every chunk's CRC32C against its meta file, and
 * takes a bad one (a flipped byte, a truncated or missing file) out of service through
 * {@link ReplicaStore#markBad}, whose listener tells the NameNode in the next incremental report;
 * the NameNode then restores the replication from a good copy. Replicas being written are left to
 * their writer. One thread; {@link #scanOnce} can be driven by hand.
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

  private final ReplicaStore store;
  private final Clock clock;
  private final Pause pause;
  private final long periodMs;
  private final long bytesPerSecond;
  private volatile boolean closed;
  private Thread thread;

  /**
   * @param periodMs every finalized replica is verified at least once in this long
   * @param bytesPerSecond the most replica bytes read per second, so scans never crowd out clients
   */
  public BlockScanner(ReplicaStore store, Clock clock, Pause pause, long periodMs, long bytesPerSecond) {
    this.store = store;
    this.clock = clock;
    this.pause = pause;
    this.periodMs = periodMs;
    this.bytesPerSecond = bytesPerSecond;
  }

  public synchronized void start() {
    thread = Thread.ofPlatform().name("block-scanner").daemon().start(this::run);
  }

  private void run() {
    try {
      while (!closed) {
        long started = clock.monotonicMs();
        int bad = scanOnce();
        if (bad > 0) {
          LOG.warn("block scan found {} bad replicas", bad);
        }
        long next = started + periodMs - clock.monotonicMs();
        if (next > 0 && !closed) {
          pause.pause(next);
        }
      }
    } catch (InterruptedException e) {
      // close(): stop.
    } catch (RuntimeException e) {
      LOG.error("the block scanner stopped", e);
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
      // Hold the rate: wait until the bytes read so far fit in the time passed.
      long due = windowStart + readInWindow * 1000 / bytesPerSecond - clock.monotonicMs();
      if (due > 0) {
        pause.pause(due);
      }
    }
    return null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
