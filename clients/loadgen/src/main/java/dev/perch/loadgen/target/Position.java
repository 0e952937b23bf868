package dev.perch.loadgen.target;

/**
 * A message's place in one recipient's stream as the server reports it, compared major first.
 * Perch: (seq, 0). Nchan: (Last-Modified seconds, Etag tag &lt;&lt; 16 | index within the answer),
 * because a multi-message answer names only the id of its last message.
 */
public record Position(long major, long minor) implements Comparable<Position> {

  /** Before every message. */
  public static final Position START = new Position(Long.MIN_VALUE, Long.MIN_VALUE);

  @Override
  public int compareTo(Position other) {
    int byMajor = Long.compare(major, other.major);
    return byMajor != 0 ? byMajor : Long.compare(minor, other.minor);
  }
}
