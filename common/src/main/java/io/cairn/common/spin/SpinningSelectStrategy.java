package io.cairn.common.spin;

import io.grpc.netty.shaded.io.netty.channel.SelectStrategy;
import io.grpc.netty.shaded.io.netty.channel.SelectStrategyFactory;
import io.grpc.netty.shaded.io.netty.util.IntSupplier;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import io.grpc.netty.shaded.io.netty.util.concurrent.SingleThreadEventExecutor;
import io.grpc.netty.shaded.io.netty.util.internal.ThreadExecutorMap;

/**
 * An event loop's way to wait for its sockets (gRPC's Netty): before it blocks in epoll, it polls
 * for up to {@link BriefSpin}'s time, so a request or an answer that comes within it is handled
 * without waking a sleeping CPU. Tasks handed to the loop while it polls end the poll too (a loop
 * that polls is awake, so those who hand it tasks do not wake it).
 */
public final class SpinningSelectStrategy implements SelectStrategy {
  /** Each loop has its own: one loop's traffic says nothing of another's. */
  private final BriefSpin spin = BriefSpin.create();

  private SpinningSelectStrategy() {}

  public static SelectStrategyFactory factory() {
    return SpinningSelectStrategy::new;
  }

  @Override
  public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
    if (hasTasks) {
      return selectSupplier.get();
    }
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    int[] ready = {0};
    Exception[] failed = {null};
    boolean woke = spin.until(() -> {
      try {
        ready[0] = selectSupplier.get();
      } catch (Exception e) {
        failed[0] = e;
        return true;
      }
      return ready[0] > 0 || (loop instanceof SingleThreadEventExecutor s && s.pendingTasks() > 0);
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    return woke ? ready[0] : SelectStrategy.SELECT;
  }
}
