package io.cairn.client.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void takesHostPortAndTheJavaApisUri() throws CairnException {
    assertThat(HostPort.parse("127.0.0.1:9500")).isEqualTo(new HostPort("127.0.0.1", 9500));
    assertThat(HostPort.parse("cairn://nn.example-1:9501/")).isEqualTo(new HostPort("nn.example-1", 9501));
    assertThat(HostPort.parse("[::1]:9500")).isEqualTo(new HostPort("::1", 9500));
    assertThat(HostPort.parse("CAIRN://h:1")).as("a scheme in any case").isEqualTo(new HostPort("h", 1));
  }

  @Test
  void refusesOtherFormsInOneLine() {
    for (String bad : new String[] {"hdfs://127.0.0.1:9500", "127.0.0.1", "host:port", "a b:1", "h:0", "h:70000",
        "cairn://h:1/x", ""}) {
      assertThatThrownBy(() -> HostPort.parse(bad)).as(bad).isInstanceOfSatisfying(CairnException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageNotContaining("\n");
    }
  }
}
