package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void writesItsTextAndReadsItBack() {
    ByteBuf out = Unpooled.buffer();

    Payload.write(out, 42, 123_456_789_012L);

    String text = out.toString(StandardCharsets.US_ASCII);
    assertThat(text).isEqualTo("lg:42:123456789012");
    assertThat(Payload.length(42, 123_456_789_012L)).isEqualTo(text.length());
    assertThat(Payload.decode(text)).isEqualTo(new Payload(42, 123_456_789_012L));
  }

  @Test
  void aNegativeDueTimeRoundTrips() {
    ByteBuf out = Unpooled.buffer();
    Payload.write(out, 1, -5);

    assertThat(Payload.decode(out.toString(StandardCharsets.US_ASCII))).isEqualTo(new Payload(1, -5));
    assertThat(Payload.length(1, -5)).isEqualTo(out.readableBytes());
  }

  @Test
  void refusesTextItDidNotGenerate() {
    assertThatThrownBy(() -> Payload.decode("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payload.decode("lg:x:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payload.decode("lg:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payload.decode("xx:1:2")).isInstanceOf(IllegalArgumentException.class);
  }
}
