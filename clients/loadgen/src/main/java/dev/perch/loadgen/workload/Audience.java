package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.DeliveryLedger;
import dev.perch.loadgen.measure.FanOutLedger;
import dev.perch.loadgen.target.Acknowledgement;
import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.time.Duration;

/**
 * Who a fixed-rate run's messages go to: it starts their pollers, publishes each message, and keeps
 * the account of what they received. Either each message to one recipient in turn, or every message
 * to every member of one group.
 */
interface Audience {

  /** Starts the pollers, each handing what it receives to {@code receiver}. */
  Pollers poll(Duration timeout, Receiver receiver);

  /** Publishes message {@code id}; {@code ack} hears the outcome. */
  void publish(long id, long dueNanos, Acknowledgement ack);

  /** The server acknowledged message {@code id}, published to {@code recipient}. */
  void acknowledged(int recipient, long id);

  /** {@code recipient}'s poller received message {@code id} at position ({@code major}, {@code minor}). */
  DeliveryLedger.Outcome received(int recipient, long id, long major, long minor);

  /** Deliveries owed and not received yet. */
  long awaited();

  /** The deliveries so far. */
  DeliveryLedger.Tally tally();

  /** How many deliveries one message makes. */
  int deliveriesPerMessage();

  /** Message {@code i} to recipient {@code first + i mod count}; recipients {@code first ..} must be unused. */
  static Audience direct(Target target, int first, int count, long messages) {
    DeliveryLedger ledger = new DeliveryLedger(count, Math.toIntExact(messages));
    return new Audience() {
      @Override
      public Pollers poll(Duration timeout, Receiver receiver) {
        return new Pollers(target, first, count, timeout, receiver);
      }

      @Override
      public void publish(long id, long dueNanos, Acknowledgement ack) {
        target.publish(first + (int) (id % count), id, dueNanos, ack);
      }

      @Override
      public void acknowledged(int recipient, long id) {
        ledger.published(recipient - first, id);
      }

      @Override
      public DeliveryLedger.Outcome received(int recipient, long id, long major, long minor) {
        return ledger.received(recipient - first, id, major, minor);
      }

      @Override
      public long awaited() {
        return ledger.awaited();
      }

      @Override
      public DeliveryLedger.Tally tally() {
        return ledger.tally();
      }

      @Override
      public int deliveriesPerMessage() {
        return 1;
      }
    };
  }

  /**
   * Every message to group {@code group} of recipients {@code first .. first + members - 1}, which
   * this forms (recipients unused, group number too).
   */
  static Audience group(Target target, int group, int first, int members, long messages) {
    FanOutLedger ledger = new FanOutLedger(members, Math.toIntExact(messages));
    target.formGroup(group, first, members);
    return new Audience() {
      @Override
      public Pollers poll(Duration timeout, Receiver receiver) {
        return new Pollers(first, members, (recipient, stats) -> target.pollGroup(group, recipient, timeout, receiver, stats));
      }

      @Override
      public void publish(long id, long dueNanos, Acknowledgement ack) {
        target.publishToGroup(group, id, dueNanos, ack);
      }

      @Override
      public void acknowledged(int recipient, long id) {
        ledger.published(id);
      }

      @Override
      public DeliveryLedger.Outcome received(int recipient, long id, long major, long minor) {
        return ledger.received(recipient - first, id, major, minor);
      }

      @Override
      public long awaited() {
        return ledger.awaited();
      }

      @Override
      public DeliveryLedger.Tally tally() {
        return ledger.tally();
      }

      @Override
      public int deliveriesPerMessage() {
        return members;
      }
    };
  }
}
