package dev.perch.loadgen.measure;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Accounts for every message of a run: which recipient the server acknowledged it to, which
 * recipient's poller received it, which arrived more than once, and which arrived at a position
 * not after the previous one of that recipient's stream (out of the server's order); a position is
 * (major, minor), compared major first. A message may be received before its publish is
 * acknowledged; the two are reconciled in {@link #tally}. Message ids run from 0 to
 * {@code capacity - 1}; each has one slot, updated atomically, so acknowledgements and receipts may
 * arrive on any I/O thread. Thread-safe.
 */
public final class DeliveryLedger implements Ledger {

  /** What a received message was to its recipient. */
  public enum Outcome {
    FIRST,
    DUPLICATE,
    /** Its id is not one of this run's. */
    FOREIGN
  }

  private static final long RECEIVED_MASK = 0xFFFF_FFFFL;

  /** Per id: (recipient it was acknowledged to + 1) &lt;&lt; 32 | (recipient that received it + 1); 0 for none. */
  private final AtomicLongArray slots;
  private final Stream[] streams;
  private final AtomicLong awaited = new AtomicLong();

  public DeliveryLedger(int recipientCount, int capacity) {
    slots = new AtomicLongArray(capacity);
    streams = new Stream[recipientCount];
    for (int i = 0; i < recipientCount; i++) {
      streams[i] = new Stream();
    }
  }

  /** The server acknowledged message {@code id} to {@code recipient}. */
  public void published(int recipient, long id) {
    if (id < 0 || id >= slots.length()) {
      throw new IllegalArgumentException("message " + id + " is not one of this run's " + slots.length());
    }
    long tag = (long) (recipient + 1) << 32;
    long before = slots.getAndAccumulate((int) id, tag, (slot, add) -> slot | add);
    if ((before >>> 32) == 0 && (before & RECEIVED_MASK) != recipient + 1) {
      awaited.incrementAndGet();
    }
  }

  /** {@code recipient}'s poller received message {@code id} at position ({@code major}, {@code minor}). */
  @Override
  public Outcome received(int recipient, long id, long major, long minor) {
    if (id < 0 || id >= slots.length()) {
      return Outcome.FOREIGN;
    }
    Stream stream = streams[recipient];
    long before = slots.getAndAccumulate((int) id, recipient + 1, (slot, add) -> (slot & RECEIVED_MASK) == 0 ? slot | add : slot);
    if ((before & RECEIVED_MASK) != 0) {
      stream.duplicate();
      return Outcome.DUPLICATE;
    }
    stream.arrived(major, minor);
    if ((before >>> 32) == recipient + 1) {
      awaited.decrementAndGet();
    }
    return Outcome.FIRST;
  }

  /** Acknowledged messages not received yet. */
  @Override
  public long awaited() {
    return awaited.get();
  }

  /** The run's totals so far. */
  @Override
  public Tally tally() {
    long published = 0;
    long delivered = 0;
    long unacknowledged = 0;
    for (int id = 0; id < slots.length(); id++) {
      long slot = slots.get(id);
      long to = slot >>> 32;
      long by = slot & RECEIVED_MASK;
      published += to != 0 ? 1 : 0;
      delivered += to != 0 && to == by ? 1 : 0;
      unacknowledged += by != 0 && to != by ? 1 : 0;
    }
    long duplicates = 0;
    long outOfOrder = 0;
    for (Stream stream : streams) {
      synchronized (stream) {
        duplicates += stream.duplicates;
        outOfOrder += stream.outOfOrder;
      }
    }
    return new Tally(published, delivered, published - delivered, unacknowledged, duplicates, outOfOrder);
  }

  /**
   * A run's delivery totals.
   *
   * @param published messages the server acknowledged
   * @param delivered acknowledged messages their recipient received
   * @param lost acknowledged messages their recipient never received
   * @param unacknowledged messages received whose publish was not acknowledged to that recipient
   *     (it failed or timed out, or another recipient's message arrived)
   * @param duplicates receipts of a message already received
   * @param outOfOrder first receipts at a position not after the previous one
   */
  public record Tally(long published, long delivered, long lost, long unacknowledged, long duplicates, long outOfOrder) {}

  /** One recipient's stream as received: the last position, and the counts of what was wrong. */
  private static final class Stream {
    private long lastMajor = Long.MIN_VALUE;
    private long lastMinor = Long.MIN_VALUE;
    private long duplicates;
    private long outOfOrder;

    synchronized void duplicate() {
      duplicates++;
    }

    synchronized void arrived(long major, long minor) {
      if (major < lastMajor || (major == lastMajor && minor <= lastMinor)) {
        outOfOrder++;
      } else {
        lastMajor = major;
        lastMinor = minor;
      }
    }
  }
}
