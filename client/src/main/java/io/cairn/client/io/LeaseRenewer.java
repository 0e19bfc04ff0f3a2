package io.cairn.client.io;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.cairn.common.time.Clock;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client's lease alive while it has output streams open: a virtual thread renews it every
 * interval, and exits when a renewal falls due with no stream open (a new stream starts it again).
 * It is not woken when a stream closes: a program writing many small files one after another would
 * otherwise start and end a thread per file. One per client. Thread-safe.
 */
public final class LeaseRenewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewer.class);

  /** The RenewLease call. */
  @FunctionalInterface
  public interface Renewal {
    void renew() throws IOException;
  }

  private final Clock clock;
  private final long intervalMs;
  private final Renewal renewal;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  @GuardedBy("lock")
  private int openStreams;
  @GuardedBy("lock")
  private long lastRenewedMs;
  @GuardedBy("lock")
  private Thread thread;
  @GuardedBy("lock")
  private boolean closed;

  public LeaseRenewer(Clock clock, long intervalMs, Renewal renewal) {
    this.clock = clock;
    this.intervalMs = intervalMs;
    this.renewal = renewal;
  }

  /** A stream took the lease (Create or Append granted it just now). */
  public void streamOpened() {
    lock.lock();
    try {
      if (openStreams++ == 0) {
        lastRenewedMs = clock.monotonicMs();
      }
      if (thread == null && !closed) {
        thread = Thread.ofVirtual().name("lease-renewer").start(this::run);
      }
    } finally {
      lock.unlock();
    }
  }

  public void streamClosed() {
    lock.lock();
    try {
      openStreams--;
    } finally {
      lock.unlock();
    }
  }

  /** Renews now if streams are open and an interval has passed; true if it did. */
  public boolean renewIfDue() {
    lock.lock();
    try {
      if (openStreams == 0 || closed || clock.monotonicMs() - lastRenewedMs < intervalMs) {
        return false;
      }
      // Stamped before the call: a failed renewal is retried one interval later, not in a tight loop.
      lastRenewedMs = clock.monotonicMs();
    } finally {
      lock.unlock();
    }
    try {
      renewal.renew();
    } catch (IOException e) {
      LOG.warn("lease renewal failed, retrying in {} ms: {}", intervalMs, e.getMessage());
    }
    return true;
  }

  /** The renewing thread, or null when none runs (for tests). */
  Thread thread() {
    lock.lock();
    try {
      return thread;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (waitUntilDue()) {
      renewIfDue();
    }
  }

  /** Waits for the next renewal; false (and the thread ends) when it falls due with no stream open. */
  private boolean waitUntilDue() {
    lock.lock();
    try {
      while (!closed) {
        long left = lastRenewedMs + intervalMs - clock.monotonicMs();
        if (left <= 0) {
          if (openStreams > 0) {
            return true;
          }
          break;
        }
        changed.await(left, TimeUnit.MILLISECONDS);
      }
      thread = null;
      return false;
    } catch (InterruptedException e) {
      thread = null;
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
