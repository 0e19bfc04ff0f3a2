package io.cairn.common.spin;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Waiting by spinning for a few tens of microseconds before a thread blocks, where the thing
 * awaited often comes that soon (an answer on loopback, the next call of a busy client). One per
 * place that waits; thread-safe.
 *
 * <p>Waking a thread whose CPU has gone idle costs far more than the work it wakes for on virtual
 * machines: on the 2-CPU machine of docs/benchmarks.md a loopback ping-pong between two blocked
 * threads took 60-68 µs per round trip, and 6-7 µs when each side spun 20 µs before blocking. A
 * spinning thread keeps its CPU awake and sees the event at once. So that spinning does not take
 * the CPUs from threads with work:
 *
 * <ul>
 *   <li>at most one thread of the process spins at a time; the others block at once;
 *   <li>the spinner yields its CPU on every turn, so any thread that wants the CPU gets it;
 *   <li>each place adapts how long it spins: a spin that ended without the event halves the next
 *       one (down to a sixteenth of the most), one that saw it doubles it again (up to the most),
 *       and every sixteenth wait spins in full, so a place whose spins stopped paying finds out
 *       when they pay again;
 *   <li>no thread spins on a machine with a single CPU.
 * </ul>
 */
public final class BriefSpin {
  /** The most a wait spins, from {@code -Dcairn.spin.micros=N} (default 50); 0 turns spinning off. */
  public static final long MAX_NANOS = maxNanos();

  /** Every this many waits one spins in full: a power of two. */
  private static final int FULL_WAIT_EVERY = 16;
  /** The budget falls to the most divided by this, no lower. */
  private static final int FLOOR_DIVISOR = 16;

  private static final AtomicInteger SPINNERS = new AtomicInteger();

  private final long maxNanos;
  private final long minNanos;
  /** Racy on purpose, as {@link #waits}: hints, where a lost update only makes one spin longer or shorter. */
  private long budgetNanos;
  private int waits;

  BriefSpin(long maxNanos) {
    this.maxNanos = maxNanos;
    this.minNanos = maxNanos / FLOOR_DIVISOR;
    this.budgetNanos = maxNanos;
  }

  /** A place that spins up to {@link #MAX_NANOS}. */
  public static BriefSpin create() {
    return new BriefSpin(MAX_NANOS);
  }

  /** How long the next wait that is not a full one may spin. */
  long budgetNanos() {
    return budgetNanos;
  }

  /**
   * Spins until {@code done} holds or this place's budget is spent, unless another thread is
   * spinning. Returns whether {@code done} held; the caller then blocks as it would have without
   * spinning.
   */
  public boolean until(BooleanSupplier done) {
    boolean full = (++waits & (FULL_WAIT_EVERY - 1)) == 0;
    long budget = full ? maxNanos : budgetNanos;
    if (budget <= 0 || !SPINNERS.compareAndSet(0, 1)) {
      return done.getAsBoolean();
    }
    boolean seen = false;
    try {
      long start = System.nanoTime();
      long now = start;
      do {
        if (done.getAsBoolean()) {
          seen = true;
          break;
        }
        // Any thread that wants this CPU gets it; often that is the one bringing the event.
        Thread.yield();
        now = System.nanoTime();
      } while (now - start < budget);
    } finally {
      SPINNERS.set(0);
    }
    if (seen) {
      budgetNanos = Math.min(maxNanos, budget * 2);
    } else if (!full) {
      budgetNanos = Math.max(minNanos, budget / 2);
    }
    return seen || done.getAsBoolean();
  }

  private static long maxNanos() {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return 0;
    }
    return Math.max(0, Long.getLong("cairn.spin.micros", 50)) * 1000;
  }
}
