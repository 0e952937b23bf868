package dev.perch.loadgen.measure;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts for every message of a group run, where each message is owed to every member: which
 * messages the server acknowledged, what each member received, in which order, which arrived more
 * than once, and whether every member received the group's messages in one order (the order the
 * first member received them in) and each at a position after the previous one of its own stream.
 * Message ids run from 0 to {@code capacity - 1}. Acknowledgements may arrive on any thread; each
 * member's receipts come from its poller's thread. Thread-safe.
 */
public final class FanOutLedger implements Ledger {

  private final AtomicIntegerArray acknowledged;
  private final Member[] members;
  private final AtomicLong awaited = new AtomicLong();

  public FanOutLedger(int memberCount, int capacity) {
    acknowledged = new AtomicIntegerArray(capacity);
    members = new Member[memberCount];
    for (int i = 0; i < memberCount; i++) {
      members[i] = new Member(capacity);
    }
  }

  /** The server acknowledged message {@code id} to the group. */
  public void published(long id) {
    if (id < 0 || id >= acknowledged.length()) {
      throw new IllegalArgumentException("message " + id + " is not one of this run's " + acknowledged.length());
    }
    if (acknowledged.getAndSet((int) id, 1) == 0) {
      awaited.addAndGet(members.length);
    }
  }

  /** {@code member}'s poller received message {@code id} at position ({@code major}, {@code minor}). */
  @Override
  public DeliveryLedger.Outcome received(int member, long id, long major, long minor) {
    if (id < 0 || id >= acknowledged.length()) {
      return DeliveryLedger.Outcome.FOREIGN;
    }
    if (!members[member].arrived((int) id, major, minor)) {
      return DeliveryLedger.Outcome.DUPLICATE;
    }
    awaited.decrementAndGet();
    return DeliveryLedger.Outcome.FIRST;
  }

  /**
   * Deliveries owed for acknowledged messages and not received yet (a message received before its
   * acknowledgement, or whose publish failed, counts as received early: the run's drain may end
   * before such a late acknowledgement, never before a delivery it waits for).
   */
  @Override
  public long awaited() {
    return awaited.get();
  }

  /**
   * The run's totals: {@code published} and {@code delivered} count deliveries (an acknowledged
   * message owed to each member), {@code unacknowledged} receipts of messages not acknowledged,
   * {@code outOfOrder} first receipts out of the member's stream order or out of the group's one order.
   */
  @Override
  public DeliveryLedger.Tally tally() {
    int[] reference = members.length == 0 ? new int[0] : members[0].positions(acknowledged.length());
    long owed = 0;
    for (int id = 0; id < acknowledged.length(); id++) {
      owed += acknowledged.get(id);
    }
    long published = owed * members.length;
    long delivered = 0;
    long unacknowledged = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    for (Member member : members) {
      synchronized (member) {
        for (int i = 0; i < member.count; i++) {
          int id = member.order[i];
          delivered += acknowledged.get(id);
          unacknowledged += 1 - acknowledged.get(id);
        }
        duplicates += member.duplicates;
        outOfOrder += member.outOfStreamOrder + member.outOfGroupOrder(reference);
      }
    }
    return new DeliveryLedger.Tally(published, delivered, published - delivered, unacknowledged, duplicates, outOfOrder);
  }

  /** One member's receipts: the ids in the order they arrived, and its stream's last position. */
  private static final class Member {
    private final BitSet seen = new BitSet();
    private int[] order;
    private int count;
    private long lastMajor = Long.MIN_VALUE;
    private long lastMinor = Long.MIN_VALUE;
    private long duplicates;
    private long outOfStreamOrder;

    Member(int capacity) {
      order = new int[Math.min(capacity, 64)];
    }

    /** Records a receipt; false when {@code id} had arrived before. */
    synchronized boolean arrived(int id, long major, long minor) {
      if (seen.get(id)) {
        duplicates++;
        return false;
      }
      seen.set(id);
      if (count == order.length) {
        order = Arrays.copyOf(order, Math.max(1, count * 2));
      }
      order[count++] = id;
      if (major < lastMajor || (major == lastMajor && minor <= lastMinor)) {
        outOfStreamOrder++;
      } else {
        lastMajor = major;
        lastMinor = minor;
      }
      return true;
    }

    /** Per id, where in this member's order it arrived; -1 for ids it did not receive. */
    synchronized int[] positions(int capacity) {
      int[] positions = new int[capacity];
      Arrays.fill(positions, -1);
      for (int i = 0; i < count; i++) {
        positions[order[i]] = i;
      }
      return positions;
    }

    /** Receipts that came before one the reference member received earlier. */
    long outOfGroupOrder(int[] reference) {
      long wrong = 0;
      int last = -1;
      for (int i = 0; i < count; i++) {
        int position = reference[order[i]];
        if (position < 0) {
          continue;
        }
        if (position < last) {
          wrong++;
        } else {
          last = position;
        }
      }
      return wrong;
    }
  }
}
