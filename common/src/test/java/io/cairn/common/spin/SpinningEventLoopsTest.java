package io.cairn.common.spin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpinningEventLoopsTest {
  /**
   * A task handed to a loop from outside while the loop polls does not wake it through its eventfd
   * (a polling loop counts as awake), so the poll itself must notice the task, or the blocking wait
   * after it must not start: either way every task runs, at whatever moment in the loop it came.
   */
  @Test
  void everyTaskHandedToALoopRunsWhetherItPollsOrBlocks() throws Exception {
    assumeTrue(SpinningEventLoops.available(), "needs epoll and two CPUs");
    EventLoopGroup group = SpinningEventLoops.group("spin-test", 1);
    try {
      for (int i = 0; i < 2_000; i++) {
        int n = i;
        assertThat(group.submit(() -> n).get(10, TimeUnit.SECONDS)).isEqualTo(n);
        if (i % 100 == 0) {
          // Long enough for the loop to stop polling and block in epoll.
          group.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      SpinningEventLoops.shutdown(List.of(group));
    }
  }
}
