package io.cairn.namenode.namespace;

/** What planning needs to know of writers' leases. */
@FunctionalInterface
public interface LeaseStatus {
  /** True when {@code clientName} has not renewed its lease within the soft limit, so another writer may take its files over. */
  boolean softLimitExpired(String clientName);
}
