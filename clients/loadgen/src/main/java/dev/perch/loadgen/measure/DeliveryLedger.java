package dev.perch.loadgen.measure;

import dev.perch.loadgen.target.Position;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts for every message of a run, per recipient: which ones the server acknowledged, which
 * ones the recipient's poller received, which arrived more than once, and which arrived at a
 * position not after the previous one (out of the server's order). A message may be received
 * before its publish is acknowledged; the two are reconciled in {@link #tally}. Thread-safe: each
 * recipient's state has its own lock, as acknowledgements and receipts for one recipient arrive
 * on different I/O threads.
 */
public final class DeliveryLedger {

  /** Whether a received message was new to its recipient. */
  public enum Outcome {
    FIRST,
    DUPLICATE
  }

  private final Recipient[] recipients;
  private final AtomicLong awaited = new AtomicLong();

  public DeliveryLedger(int recipientCount) {
    recipients = new Recipient[recipientCount];
    for (int i = 0; i < recipientCount; i++) {
      recipients[i] = new Recipient();
    }
  }

  /** The server acknowledged message {@code id} to {@code recipient}. */
  public void published(int recipient, long id) {
    Recipient r = recipients[recipient];
    synchronized (r) {
      if (r.published.add(id) && !r.received.contains(id)) {
        awaited.incrementAndGet();
      }
    }
  }

  /** {@code recipient}'s poller received message {@code id} at {@code position}. */
  public Outcome received(int recipient, long id, Position position) {
    Recipient r = recipients[recipient];
    synchronized (r) {
      if (!r.received.add(id)) {
        r.duplicates++;
        return Outcome.DUPLICATE;
      }
      if (position.compareTo(r.last) <= 0) {
        r.outOfOrder++;
      } else {
        r.last = position;
      }
      if (r.published.contains(id)) {
        awaited.decrementAndGet();
      }
      return Outcome.FIRST;
    }
  }

  /** Acknowledged messages not received yet. */
  public long awaited() {
    return awaited.get();
  }

  /** The run's totals so far. */
  public Tally tally() {
    long published = 0;
    long delivered = 0;
    long lost = 0;
    long unacknowledged = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    for (Recipient r : recipients) {
      synchronized (r) {
        long deliveredHere = r.received.stream().filter(r.published::contains).count();
        published += r.published.size();
        delivered += deliveredHere;
        lost += r.published.size() - deliveredHere;
        unacknowledged += r.received.size() - deliveredHere;
        duplicates += r.duplicates;
        outOfOrder += r.outOfOrder;
      }
    }
    return new Tally(published, delivered, lost, unacknowledged, duplicates, outOfOrder);
  }

  /**
   * A run's delivery totals.
   *
   * @param published messages the server acknowledged
   * @param delivered acknowledged messages their recipient received
   * @param lost acknowledged messages their recipient never received
   * @param unacknowledged messages received whose publish was not acknowledged (it failed or timed out)
   * @param duplicates receipts of a message already received
   * @param outOfOrder first receipts at a position not after the previous one
   */
  public record Tally(long published, long delivered, long lost, long unacknowledged, long duplicates, long outOfOrder) {}

  private static final class Recipient {
    final Set<Long> published = new HashSet<>();
    final Set<Long> received = new HashSet<>();
    Position last = Position.START;
    long duplicates;
    long outOfOrder;
  }
}
