package dev.perch.loadgen.target;

import io.netty.buffer.ByteBuf;

/**
 * The text every generated message carries, {@code lg:<id>:<dueNanos>}: its id within the run and
 * when its publish was due on the generator's {@link System#nanoTime()} clock, so a poller in the
 * same process computes the latency from the message alone. No spaces, newlines or characters
 * JSON escapes (Nchan separates the messages of one answer with a newline).
 *
 * @param id the message's number within the run, from 0
 * @param dueNanos when its publish was due; 0 when not timed
 */
public record Payload(long id, long dueNanos) {

  private static final byte[] PREFIX = Ascii.bytes("lg:");

  /** How many bytes {@link #write} writes for these values. */
  static int length(long id, long dueNanos) {
    return PREFIX.length + Ascii.length(id) + 1 + Ascii.length(dueNanos);
  }

  /** Writes the text of message {@code id}, due at {@code dueNanos}. */
  static void write(ByteBuf out, long id, long dueNanos) {
    out.writeBytes(PREFIX);
    Ascii.writeLong(out, id);
    out.writeByte(':');
    Ascii.writeLong(out, dueNanos);
  }

  /** Reads {@code lg:<id>:<dueNanos>}. */
  public static Payload decode(CharSequence text) {
    int colon = indexOf(text, ':', PREFIX.length);
    if (colon < 0 || !startsWithPrefix(text)) {
      throw new IllegalArgumentException("not a generated message: " + abbreviate(text));
    }
    try {
      return new Payload(Long.parseLong(text, PREFIX.length, colon, 10), Long.parseLong(text, colon + 1, text.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a generated message: " + abbreviate(text), e);
    }
  }

  private static boolean startsWithPrefix(CharSequence text) {
    for (int i = 0; i < PREFIX.length; i++) {
      if (text.charAt(i) != PREFIX[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(CharSequence text, char c, int from) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String abbreviate(CharSequence text) {
    return text.length() <= 40 ? text.toString() : text.subSequence(0, 40) + "...";
  }
}
