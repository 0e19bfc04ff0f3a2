package io.cairn.datanode.transfer;

import io.cairn.datanode.storage.ReplicaStore;
import io.netty.channel.socket.SocketChannel;

/**
 * What every exchange of one transfer server shares.
 *
 * @param store the replicas
 * @param stats counters for the heartbeat
 * @param config timeouts and buffer sizes
 * @param channelClass the socket class of the transport in use (epoll or NIO), for downstream connections
 * @param copier what TRANSFER_BLOCK requests use to copy a replica
 */
record TransferContext(ReplicaStore store, TransferStats stats, TransferConfig config,
    Class<? extends SocketChannel> channelClass, ReplicaCopier copier) {}
