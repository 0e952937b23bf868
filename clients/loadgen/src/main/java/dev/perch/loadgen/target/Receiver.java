package dev.perch.loadgen.target;

/** Hears every message a poller receives, in the order of its stream. Called on I/O threads. */
public interface Receiver {

  /**
   * Recipient {@code recipient} received {@code text} in an answer that arrived at
   * {@code arrivedNanos} ({@link System#nanoTime()}), at position ({@code major}, {@code minor})
   * of its stream, which grows message by message (Perch: (seq, 0); Nchan: (Last-Modified seconds,
   * Etag tag &lt;&lt; 16 | index within the answer)).
   */
  void message(int recipient, String text, long major, long minor, long arrivedNanos);
}
