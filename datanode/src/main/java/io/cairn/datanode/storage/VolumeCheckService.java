package io.cairn.datanode.storage;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every volume in service once per interval ({@link ReplicaStore#checkVolumes}), so a disk
 * that fails while idle is found without waiting for a client to hit it. One thread.
 */
public final class VolumeCheckService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeCheckService.class);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("volume-check").daemon().unstarted(r));

  public VolumeCheckService(ReplicaStore store, long intervalMs) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        store.checkVolumes();
      } catch (RuntimeException e) {
        // A bug: keep checking the next time rather than stop for good.
        LOG.error("volume check failed", e);
      }
    }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
