package dev.perch.loadgen.target;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Numbers and text written straight into request buffers as ASCII, without Strings. */
final class Ascii {

  private Ascii() {}

  /** The bytes of {@code text}, which must be ASCII. */
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** How many characters {@code value} takes in decimal, a minus sign included. */
  static int length(long value) {
    if (value == Long.MIN_VALUE) {
      return 20;
    }
    int length = value < 0 ? 2 : 1;
    for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
      length++;
    }
    return length;
  }

  /** Writes {@code value} in decimal. */
  static void writeLong(ByteBuf out, long value) {
    if (value == Long.MIN_VALUE) {
      out.writeBytes(bytes(Long.toString(value)));
      return;
    }
    int length = length(value);
    int start = out.writerIndex();
    out.ensureWritable(length);
    long rest = Math.abs(value);
    for (int i = start + length - 1; i >= start; i--) {
      out.setByte(i, (int) ('0' + rest % 10));
      rest /= 10;
    }
    if (value < 0) {
      out.setByte(start, '-');
    }
    out.writerIndex(start + length);
  }
}
