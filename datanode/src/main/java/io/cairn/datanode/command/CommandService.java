package io.cairn.datanode.command;

import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.proto.DatanodeCommand;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the commands of heartbeat answers off the heartbeat thread: deletions and lease recovery on one thread, copies on
 * a bounded pool of replication threads. Both queues are bounded; a command that does not fit is
 * dropped with a warning (the NameNode asks again when the replica is still missing or extra).
 */
public final class CommandService implements Consumer<DatanodeCommand>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

  private final DeleteReplicasHandler deletes;
  private final LeaseRecoveryHandler recoveries;
  private final ReplicateHandler copies;
  private final ExecutorService deleteThread;
  private final ExecutorService replicationThreads;

  /**
   * @param maxReplications copies that run at once
   * @param queuedCommands commands of each kind that may wait
   */
  public CommandService(ReplicaStore store, ReplicaPusher pusher, int maxReplications, int queuedCommands) {
    this.deletes = new DeleteReplicasHandler(store);
    this.recoveries = new LeaseRecoveryHandler(store);
    this.copies = new ReplicateHandler(pusher);
    this.deleteThread = pool("dn-delete", 1, queuedCommands);
    this.replicationThreads = pool("dn-replicate", maxReplications, queuedCommands);
  }

  private static ExecutorService pool(String name, int threads, int queue) {
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
        Thread.ofPlatform().name(name + "-", 0).daemon().factory());
  }

  @Override
  public void accept(DatanodeCommand command) {
    try {
      switch (command.getCommandCase()) {
        case DELETE -> deleteThread.execute(() -> deletes.handle(command.getDelete()));
        case REPLICATE -> replicationThreads.execute(() -> copies.handle(command.getReplicate()));
        // Quick changes of replica state, like deletions: on the same thread.
        case REPORT_REPLICA -> deleteThread.execute(() -> recoveries.handle(command.getReportReplica()));
        case RECOVER_REPLICA -> deleteThread.execute(() -> recoveries.handle(command.getRecoverReplica()));
        case COMMAND_NOT_SET -> LOG.warn("ignoring an empty command from the NameNode");
      }
    } catch (RejectedExecutionException e) {
      LOG.warn("dropping a {} command: too many are waiting", command.getCommandCase());
    }
  }

  @Override
  public void close() throws InterruptedException {
    deleteThread.shutdownNow();
    replicationThreads.shutdownNow();
    deleteThread.awaitTermination(5, TimeUnit.SECONDS);
    replicationThreads.awaitTermination(5, TimeUnit.SECONDS);
  }
}
