package io.cairn.datanode.transfer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the transfer server, read by the heartbeat. Thread-safe. */
public final class TransferStats {
  private final AtomicLong zeroCopyBytesSent = new AtomicLong();
  private final AtomicInteger activeTransfers = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();

  /** Block bytes sent with FileRegion (sendfile) since start. */
  public long zeroCopyBytesSent() {
    return zeroCopyBytesSent.get();
  }

  /** Reads and writes in progress. */
  public int activeTransfers() {
    return activeTransfers.get();
  }

  public int connections() {
    return connections.get();
  }

  void addZeroCopyBytes(long bytes) {
    zeroCopyBytesSent.addAndGet(bytes);
  }

  void transferStarted() {
    activeTransfers.incrementAndGet();
  }

  void transferEnded() {
    activeTransfers.decrementAndGet();
  }

  int connectionOpened() {
    return connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }
}
