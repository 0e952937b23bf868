package dev.perch.loadgen.workload;

/**
 * The text every generated message carries: its id within the run and when its publish was due on
 * the generator's {@link System#nanoTime()} clock, so a poller in the same process computes the
 * latency from the message alone. No spaces or newlines (Nchan answers separate messages with a
 * newline).
 *
 * @param id the message's number within the run, from 0
 * @param dueNanos when its publish was due; 0 when not timed
 */
public record Payload(long id, long dueNanos) {

  private static final String PREFIX = "lg:";

  public String encode() {
    return PREFIX + id + ":" + dueNanos;
  }

  /** Reads {@code lg:<id>:<dueNanos>}. */
  public static Payload decode(String text) {
    int colon = text.indexOf(':', PREFIX.length());
    if (!text.startsWith(PREFIX) || colon < 0) {
      throw new IllegalArgumentException("not a generated message: " + abbreviate(text));
    }
    try {
      return new Payload(Long.parseLong(text, PREFIX.length(), colon, 10),
          Long.parseLong(text, colon + 1, text.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a generated message: " + abbreviate(text), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
