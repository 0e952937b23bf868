package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WakePayloadTest {

  @Test
  void aPayloadCarriesTheSeqAndThePublishTime() {
    String encoded = new WakePayload(42, 1_764_706_800_123L).encode();
    assertThat(encoded).isEqualTo("42 1764706800123");
    assertThat(WakePayload.parse(encoded)).isEqualTo(new WakePayload(42, 1_764_706_800_123L));
  }

  @Test
  void aBareSeqFromAnOlderNodeIsAWakeWithoutATime() {
    assertThat(WakePayload.parse("7")).isEqualTo(new WakePayload(7, WakePayload.NO_TIME));
  }

  @Test
  void garbageIsRefused() {
    assertThatThrownBy(() -> WakePayload.parse("seven")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> WakePayload.parse("7 soon")).isInstanceOf(NumberFormatException.class);
  }
}
