package io.cairn.datanode.transfer;

/**
 * How the data-transfer server runs; keys in docs/configuration.md.
 *
 * @param bindHost address to listen on
 * @param port port to listen on (0 = any free port)
 * @param ioThreads Netty event-loop threads (socket I/O only)
 * @param diskThreads threads that run the exchanges, which block on the disk
 * @param maxConnections connections served at once; more are closed at accept
 * @param idleTimeoutMs a connection with no traffic either way for this long is closed
 * @param connectTimeoutMs connecting to a downstream DataNode
 * @param ackTimeoutMs how long a downstream DataNode may take to answer or acknowledge
 * @param writeBufferLowBytes a paused sender resumes when its queue falls below this
 * @param writeBufferHighBytes a sender pauses when its queue grows past this
 * @param dropCacheBehindWrites replicas that readers are not sent to first leave the page cache as
 *     they reach the disk (docs/datanode.md, Page cache)
 */
public record TransferConfig(String bindHost, int port, int ioThreads, int diskThreads, int maxConnections,
    long idleTimeoutMs, int connectTimeoutMs, long ackTimeoutMs, int writeBufferLowBytes,
    int writeBufferHighBytes, boolean dropCacheBehindWrites) {}
