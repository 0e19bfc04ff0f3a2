package io.cairn.namenode.namesystem;

import io.cairn.common.time.Clock;
import io.cairn.namenode.namespace.LeaseStatus;
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

  private long silentForMs(String clientName) {
    return clock.monotonicMs() - lastRenewalMs.getOrDefault(clientName, startMs);
  }
}
