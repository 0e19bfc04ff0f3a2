package io.cairn.datanode.transfer;

import io.netty.channel.Channel;

/**
 * Turns a connection's autoRead off while the work behind it lags: frames waiting for the disk thread,
 * a downstream DataNode that cannot take more, or too many packets waiting for downstream acks. That
 * bounds what one connection can queue in memory. Thread-safe.
 */
final class ReadThrottle {
  /** Frames handed to the disk thread and not yet handled: pause at HIGH, resume at LOW. */
  static final int BACKLOG_HIGH = 16;
  static final int BACKLOG_LOW = 4;

  private final Channel channel;
  // @GuardedBy("this")
  private int backlog;
  // @GuardedBy("this")
  private boolean backlogPaused;
  // @GuardedBy("this")
  private boolean downstreamBusy;
  // @GuardedBy("this")
  private boolean acksBusy;

  ReadThrottle(Channel channel) {
    this.channel = channel;
  }

  /** A frame was handed on to the disk thread. */
  synchronized void queued() {
    backlog++;
    if (backlog >= BACKLOG_HIGH && !backlogPaused) {
      backlogPaused = true;
      apply();
    }
  }

  /** The disk thread is done with a frame. */
  synchronized void handled() {
    backlog--;
    if (backlog <= BACKLOG_LOW && backlogPaused) {
      backlogPaused = false;
      apply();
    }
  }

  synchronized void downstreamBusy(boolean busy) {
    downstreamBusy = busy;
    apply();
  }

  synchronized void acksBusy(boolean busy) {
    acksBusy = busy;
    apply();
  }

  synchronized boolean paused() {
    return backlogPaused || downstreamBusy || acksBusy;
  }

  private void apply() {
    boolean read = !paused();
    if (channel.config().isAutoRead() != read) {
      channel.config().setAutoRead(read);
    }
  }
}
