package io.cairn.client.io;

import io.cairn.common.time.Clock;
import io.cairn.proto.DatanodeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle read connections, per DataNode address, so many small reads do not each pay a TCP
 * handshake. A connection is handed out to one exchange at a time and given back only after that
 * exchange ended cleanly. Bounded per node; connections idle longer than the configured time are
 * closed rather than reused. Thread-safe.
 */
public final class ConnectionCache implements AutoCloseable {
  private final DataPathOptions options;
  private final Clock clock;
  /** Newest last, so the freshest connection is reused first and the oldest expire. */
  private final Map<String, Deque<DataNodeConnection>> idle = new HashMap<>();
  private boolean closed;

  public ConnectionCache(DataPathOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  /** An idle connection to {@code dn} if one is fresh enough, else a new one. */
  public DataNodeConnection take(DatanodeInfo dn) throws DataNodeException {
    DataNodeConnection cached = takeIdle(dn);
    return cached != null ? cached : DataNodeConnection.open(dn, options);
  }

  /** A new connection, bypassing the cache (after a cached one turned out to be dead). */
  public DataNodeConnection openFresh(DatanodeInfo dn) throws DataNodeException {
    return DataNodeConnection.open(dn, options);
  }

  /** Gives back a connection whose exchange ended cleanly; closes it when the cache is full or closed. */
  public void release(DataNodeConnection connection) {
    if (connection.isClosed()) {
      return;
    }
    DataNodeConnection evicted = null;
    synchronized (this) {
      Deque<DataNodeConnection> queue = idle.computeIfAbsent(key(connection.datanode()), k -> new ArrayDeque<>());
      if (closed || options.cachedConnectionsPerNode() == 0) {
        evicted = connection;
      } else {
        connection.markIdle(clock.monotonicMs());
        queue.addLast(connection);
        if (queue.size() > options.cachedConnectionsPerNode()) {
          evicted = queue.removeFirst();
        }
      }
    }
    if (evicted != null) {
      evicted.close();
    }
  }

  /** Idle connections to {@code dn} held now (for tests and diagnostics). */
  public synchronized int idleCount(DatanodeInfo dn) {
    Deque<DataNodeConnection> queue = idle.get(key(dn));
    return queue == null ? 0 : queue.size();
  }

  private DataNodeConnection takeIdle(DatanodeInfo dn) {
    List<DataNodeConnection> expired = new ArrayList<>();
    DataNodeConnection found = null;
    synchronized (this) {
      Deque<DataNodeConnection> queue = idle.get(key(dn));
      long now = clock.monotonicMs();
      while (queue != null && !queue.isEmpty() && found == null) {
        DataNodeConnection c = queue.removeLast();
        if (now - c.idleSinceMs() > options.cachedConnectionIdleMs()) {
          expired.add(c);
          expired.addAll(queue);
          queue.clear();
        } else {
          found = c;
        }
      }
    }
    expired.forEach(DataNodeConnection::close);
    return found;
  }

  private static String key(DatanodeInfo dn) {
    return DataNodeException.hostPort(dn);
  }

  @Override
  public void close() {
    List<DataNodeConnection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(DataNodeConnection::close);
  }
}
