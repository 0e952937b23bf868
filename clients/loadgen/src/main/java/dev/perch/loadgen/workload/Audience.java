package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.DeliveryLedger;
import dev.perch.loadgen.measure.FanOutLedger;
import dev.perch.loadgen.measure.Ledger;
import dev.perch.loadgen.target.Acknowledgement;
import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.time.Duration;

/**
 * Who a fixed-rate run's messages go to, recipients {@code first ..}: it starts their pollers,
 * publishes each message, and keeps the account of what they received. Either each message to one
 * recipient in turn ({@link #direct}), or every message to every member of one group ({@link #group}).
 */
abstract class Audience {

  private final int first;
  private final Ledger ledger;
  private final int deliveriesPerMessage;

  private Audience(int first, Ledger ledger, int deliveriesPerMessage) {
    this.first = first;
    this.ledger = ledger;
    this.deliveriesPerMessage = deliveriesPerMessage;
  }

  /** Message {@code i} to recipient {@code first + i mod count}; recipients {@code first ..} must be unused. */
  static Audience direct(Target target, int first, int count, long messages) {
    DeliveryLedger ledger = new DeliveryLedger(count, Math.toIntExact(messages));
    return new Audience(first, ledger, 1) {
      @Override
      Pollers poll(Duration timeout, Receiver receiver) {
        return new Pollers(target, first, count, timeout, receiver);
      }

      @Override
      void publish(long id, long dueNanos, Acknowledgement ack) {
        target.publish(first + (int) (id % count), id, dueNanos, ack);
      }

      @Override
      void acknowledged(int recipient, long id) {
        ledger.published(recipient - first, id);
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
    return new Audience(first, ledger, members) {
      @Override
      Pollers poll(Duration timeout, Receiver receiver) {
        return new Pollers(first, members, (recipient, stats) -> target.pollGroup(group, recipient, timeout, receiver, stats));
      }

      @Override
      void publish(long id, long dueNanos, Acknowledgement ack) {
        target.publishToGroup(group, id, dueNanos, ack);
      }

      @Override
      void acknowledged(int recipient, long id) {
        ledger.published(id);
      }
    };
  }

  /** Starts the pollers, each handing what it receives to {@code receiver}. */
  abstract Pollers poll(Duration timeout, Receiver receiver);

  /** Publishes message {@code id}; {@code ack} hears the outcome. */
  abstract void publish(long id, long dueNanos, Acknowledgement ack);

  /** The server acknowledged message {@code id}, published to {@code recipient}. */
  abstract void acknowledged(int recipient, long id);

  /** {@code recipient}'s poller received message {@code id} at position ({@code major}, {@code minor}). */
  final DeliveryLedger.Outcome received(int recipient, long id, long major, long minor) {
    return ledger.received(recipient - first, id, major, minor);
  }

  /** Deliveries owed and not received yet. */
  final long awaited() {
    return ledger.awaited();
  }

  /** The deliveries so far. */
  final DeliveryLedger.Tally tally() {
    return ledger.tally();
  }

  /** How many deliveries one message makes. */
  final int deliveriesPerMessage() {
    return deliveriesPerMessage;
  }
}
