package io.cairn.datanode.transfer;

/**
 * One read or write on a connection, from its OP_REQUEST to its last packet or ack. All calls come on
 * the dispatcher's thread (the event loop until the connection's first write, then a disk thread),
 * one at a time.
 */
interface Exchange {
  /** Begins the exchange: answers the request (or fails it through the host). */
  void start();

  /** A PACKET arrived for this exchange; the caller releases it afterwards (retain to keep it). */
  void onPacket(Packet packet) throws ProtocolException;

  /** The connection's writability changed. */
  void onWritabilityChanged();

  /** The connection failed or closed: release everything. Idempotent. */
  void abort();
}
