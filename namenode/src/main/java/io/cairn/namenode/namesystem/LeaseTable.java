package io.cairn.namenode.namesystem;

import io.cairn.common.time.Clock;
import io.cairn.namenode.namespace.LeaseStatus;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writers' leases: when each client last renewed. A writer that has not renewed within the soft
 * limit may lose its files to another writer; after the hard limit the NameNode may close them.
 * A client unknown since the NameNode started counts from the start, so a restart does not
 * expire every lease at once. Thread-safe.
 */
public final class LeaseTable implements LeaseStatus {
  private final Clock clock;
  private final long softLimitMs;
  private final long hardLimitMs;
  private final long startMs;
  private final ConcurrentHashMap<String, Long> lastRenewalMs = new ConcurrentHashMap<>();

  public LeaseTable(Clock clock, long softLimitMs, long hardLimitMs) {
    this.clock = clock;
    this.softLimitMs = softLimitMs;
    this.hardLimitMs = hardLimitMs;
    this.startMs = clock.monotonicMs();
  }

  public void renew(String clientName) {
    lastRenewalMs.put(clientName, clock.monotonicMs());
  }

  @Override
  public boolean softLimitExpired(String clientName) {
    return silentForMs(clientName) > softLimitMs;
  }

  public boolean hardLimitExpired(String clientName) {
    return silentForMs(clientName) > hardLimitMs;
  }

  /**
   * Notes a holder of open files found in the store; one not heard from since the NameNode started
   * counts from the start. From then on {@link #anyHardLimitExpired} watches it.
   */
  public void track(String clientName) {
    lastRenewalMs.putIfAbsent(clientName, startMs);
  }

  /** Whether a holder known to this table (renewed, or {@link #track tracked}) is past the hard limit. */
  public boolean anyHardLimitExpired() {
    long now = clock.monotonicMs();
    for (long renewedMs : lastRenewalMs.values()) {
      if (now - renewedMs > hardLimitMs) {
        return true;
      }
    }
    return false;
  }

  /**
   * Forgets holders past the hard limit other than {@code stillHolding}, so the table does not keep
   * every client ever seen. Changes no answer: a forgotten holder counts from the start, which is
   * longer ago than its last renewal. A renewal racing with this wins.
   */
  public void forgetExpiredExcept(Set<String> stillHolding) {
    long now = clock.monotonicMs();
    lastRenewalMs.forEach((client, renewedMs) -> {
      if (now - renewedMs > hardLimitMs && !stillHolding.contains(client)) {
        lastRenewalMs.remove(client, renewedMs);
      }
    });
  }

  private long silentForMs(String clientName) {
    return clock.monotonicMs() - lastRenewalMs.getOrDefault(clientName, startMs);
  }
}
