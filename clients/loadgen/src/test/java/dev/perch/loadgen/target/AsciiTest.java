package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiTest {

  @Test
  void writesNumbersAsLongToStringDoes() {
    for (long value : new long[] {0, 7, 10, 99, 100, 1_234_567_890_123L, -1, -10, -987, Long.MAX_VALUE, Long.MIN_VALUE}) {
      ByteBuf out = Unpooled.buffer(2).writeByte('x');

      Ascii.writeLong(out, value);

      assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("x" + value);
      assertThat(Ascii.length(value)).as("length of %d", value).isEqualTo(Long.toString(value).length());
    }
  }
}
