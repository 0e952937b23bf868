package dev.perch.loadgen.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void roundTrips() {
    Payload payload = new Payload(42, 123_456_789_012L);

    assertThat(payload.encode()).isEqualTo("lg:42:123456789012");
    assertThat(Payload.decode(payload.encode())).isEqualTo(payload);
  }

  @Test
  void aNegativeDueTimeRoundTrips() {
    assertThat(Payload.decode(new Payload(1, -5).encode())).isEqualTo(new Payload(1, -5));
  }

  @Test
  void refusesTextItDidNotGenerate() {
    assertThatThrownBy(() -> Payload.decode("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payload.decode("lg:x:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payload.decode("lg:1")).isInstanceOf(IllegalArgumentException.class);
  }
}
