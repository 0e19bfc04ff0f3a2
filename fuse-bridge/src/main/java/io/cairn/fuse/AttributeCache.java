package io.cairn.fuse;

import io.cairn.common.time.Clock;
import io.cairn.proto.FileStatus;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently seen attributes by path, so the getattr calls that follow a listing ({@code ls -l}) or
 * each other need no NameNode call. Entries live {@code ttlMs}; every change made through the mount
 * drops the entries it affects, so only changes by other clients can be seen late (by at most the
 * TTL). Bounded: past {@code maxEntries} the cache starts over. Thread-safe.
 */
final class AttributeCache {
  private record Entry(FileStatus status, long expiresAtMs) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long ttlMs;
  private final int maxEntries;

  AttributeCache(Clock clock, long ttlMs, int maxEntries) {
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  /** The cached status of {@code path}, or null when none is fresh. */
  FileStatus get(String path) {
    Entry e = entries.get(path);
    if (e == null) {
      return null;
    }
    if (clock.monotonicMs() >= e.expiresAtMs()) {
      entries.remove(path, e);
      return null;
    }
    return e.status();
  }

  void put(String path, FileStatus status) {
    if (ttlMs == 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(path, new Entry(status, clock.monotonicMs() + ttlMs));
  }

  void invalidate(String path) {
    entries.remove(path);
  }

  /** Drops {@code path} and everything below it (a rename or delete of a directory). */
  void invalidateTree(String path) {
    entries.remove(path);
    String prefix = path.equals("/") ? "/" : path + "/";
    entries.keySet().removeIf(p -> p.startsWith(prefix));
  }
}
