package io.cairn.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameNodeRetryTest {
  private final ManualClock clock = new ManualClock(0);
  private final List<Long> pauses = new ArrayList<>();
  private final NameNodeRetry retry = new NameNodeRetry(5_000, clock, ms -> {
    pauses.add(ms);
    clock.advance(ms);
  });

  @Test
  void retriesWhileUnreachableWithGrowingPauses() throws Exception {
    int[] calls = {0};
    String answer = retry.call(() -> {
      if (++calls[0] < 4) {
        throw new CairnException(ErrorCode.UNAVAILABLE, "down");
      }
      return "up";
    });
    assertThat(answer).isEqualTo("up");
    assertThat(pauses).containsExactly(100L, 200L, 400L);
  }

  @Test
  void givesUpAtTheLimitAndNeverRetriesOtherErrors() {
    assertThatThrownBy(() -> retry.call(() -> {
      throw new CairnException(ErrorCode.UNAVAILABLE, "down");
    })).isInstanceOf(CairnException.class);
    assertThat(clock.monotonicMs()).isLessThanOrEqualTo(5_000);
    pauses.clear();
    assertThatThrownBy(() -> retry.call(() -> {
      throw CairnException.notFound("/x");
    })).isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(pauses).isEmpty();
  }
}
