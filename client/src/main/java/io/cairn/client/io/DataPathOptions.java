package io.cairn.client.io;

/**
 * How the client talks to DataNodes.
 *
 * @param connectTimeoutMs how long opening a connection to a DataNode may take
 * @param readTimeoutMs how long any single socket read may wait (a response, a packet, an ack);
 *     past it the exchange fails instead of hanging
 * @param socketBufferBytes send and receive buffer of data sockets (large, so a 64 KiB packet and
 *     its successors fit the TCP window)
 * @param writeWindowPackets packets a writer may have sent but not yet seen acknowledged; the
 *     writer blocks when the window is full
 * @param cachedConnectionsPerNode idle read connections kept per DataNode for reuse
 * @param cachedConnectionIdleMs an idle connection older than this is closed instead of reused
 * @param completeTimeoutMs how long close() keeps asking the NameNode to complete a file whose
 *     last block is not yet reported by enough DataNodes
 * @param leaseRenewIntervalMs how often the lease of a client with open output streams is renewed
 */
public record DataPathOptions(int connectTimeoutMs, int readTimeoutMs, int socketBufferBytes,
    int writeWindowPackets, int cachedConnectionsPerNode, long cachedConnectionIdleMs, long completeTimeoutMs,
    long leaseRenewIntervalMs) {
  public DataPathOptions {
    if (connectTimeoutMs <= 0 || readTimeoutMs <= 0 || socketBufferBytes <= 0 || writeWindowPackets <= 0
        || cachedConnectionsPerNode < 0 || cachedConnectionIdleMs < 0 || completeTimeoutMs <= 0
        || leaseRenewIntervalMs <= 0) {
      throw new IllegalArgumentException("data path options out of range: " + this);
    }
  }

  public static DataPathOptions defaults() {
    // A window of 64 packets (4 MiB) keeps a three-node pipeline busy across its round trip.
    return new DataPathOptions(10_000, 60_000, 1 << 20, 64, 4, 30_000, 30_000, 30_000);
  }

  public DataPathOptions withReadTimeoutMs(int v) {
    return new DataPathOptions(connectTimeoutMs, v, socketBufferBytes, writeWindowPackets,
        cachedConnectionsPerNode, cachedConnectionIdleMs, completeTimeoutMs, leaseRenewIntervalMs);
  }

  public DataPathOptions withWriteWindowPackets(int v) {
    return new DataPathOptions(connectTimeoutMs, readTimeoutMs, socketBufferBytes, v,
        cachedConnectionsPerNode, cachedConnectionIdleMs, completeTimeoutMs, leaseRenewIntervalMs);
  }

  public DataPathOptions withCachedConnectionsPerNode(int v) {
    return new DataPathOptions(connectTimeoutMs, readTimeoutMs, socketBufferBytes, writeWindowPackets,
        v, cachedConnectionIdleMs, completeTimeoutMs, leaseRenewIntervalMs);
  }
}
