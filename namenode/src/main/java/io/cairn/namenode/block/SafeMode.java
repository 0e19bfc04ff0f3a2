package io.cairn.namenode.block;

import java.util.Locale;

/**
 * The NameNode's safe mode, as in HDFS: read-only until enough of the blocks it knows have been
 * reported. At start it is on until {@code threshold} of the complete blocks have their minimum of
 * replicas and then {@code extensionMs} more have passed (so the reports of the last nodes arrive
 * before replication starts); an operator may enter it at any time and must then leave it by hand.
 * A pure state machine: the caller supplies counts and times. Thread-safe.
 */
public final class SafeMode {
  private enum State { OFF, STARTUP, MANUAL }

  private final double threshold;
  private final long extensionMs;
  private State state = State.OFF;
  private long totalBlocks;
  private long safeBlocks;
  /** When the threshold was reached in startup safe mode; -1 while below it. */
  private long reachedAtMs = -1;
  private long nowMs;

  /**
   * @param threshold share of complete blocks that must be minimally replicated, in [0, 1]; above 1 never
   *     leaves by itself
   * @param extensionMs how long to stay on once the threshold is reached
   */
  public SafeMode(double threshold, long extensionMs) {
    this.threshold = threshold;
    this.extensionMs = extensionMs;
  }

  /** Enters startup safe mode with the namespace's count of complete blocks; leaves at once when there are none. */
  public synchronized void start(long completeBlocks, long nowMs) {
    state = State.STARTUP;
    totalBlocks = completeBlocks;
    update(0, nowMs);
  }

  /**
   * In startup safe mode: {@code safe} blocks now have their minimum of replicas. Returns true when this
   * call turned safe mode off.
   */
  public synchronized boolean update(long safe, long nowMs) {
    this.safeBlocks = safe;
    this.nowMs = nowMs;
    if (state != State.STARTUP) {
      return false;
    }
    if (!thresholdMet()) {
      reachedAtMs = -1;
      return false;
    }
    if (reachedAtMs < 0) {
      reachedAtMs = nowMs;
    }
    if (totalBlocks == 0 || nowMs - reachedAtMs >= extensionMs) {
      state = State.OFF;
      return true;
    }
    return false;
  }

  private boolean thresholdMet() {
    return safeBlocks >= Math.ceil(threshold * totalBlocks) && threshold <= 1;
  }

  public synchronized void enter() {
    state = State.MANUAL;
  }

  public synchronized void leave() {
    state = State.OFF;
    reachedAtMs = -1;
  }

  public synchronized boolean isOn() {
    return state != State.OFF;
  }

  /** Whether it waits for block reports (and so wants {@link #update} calls). */
  public synchronized boolean waitingForReports() {
    return state == State.STARTUP;
  }

  public synchronized long totalBlocks() {
    return totalBlocks;
  }

  public synchronized long safeBlocks() {
    return safeBlocks;
  }

  /** What it waits for, in a sentence as HDFS words it; empty when off. */
  public synchronized String status() {
    return switch (state) {
      case OFF -> "";
      case MANUAL -> "Safe mode is ON. It was turned on manually. Use \"cairn admin safemode leave\" to turn it off.";
      case STARTUP -> startupStatus();
    };
  }

  private String startupStatus() {
    long needed = (long) Math.ceil(threshold * totalBlocks);
    if (!thresholdMet()) {
      return String.format(Locale.ROOT, "Safe mode is ON. The reported blocks %d needs additional %d blocks to reach"
          + " the threshold %.4f of total blocks %d.", safeBlocks, needed - safeBlocks, threshold, totalBlocks);
    }
    long leftMs = Math.max(0, extensionMs - (nowMs - reachedAtMs));
    return String.format(Locale.ROOT, "Safe mode is ON. The reported blocks %d has reached the threshold %.4f of"
        + " total blocks %d. Safe mode will be turned off automatically in %d seconds.", safeBlocks, threshold,
        totalBlocks, (leftMs + 999) / 1000);
  }
}
