package dev.perch.loadgen.target;

import dev.perch.loadgen.report.Report;
import java.time.Duration;

/**
 * A server the generator drives over plain HTTP. Recipients are numbered; the target derives each
 * recipient's user (Perch) or channel (Nchan) from its run prefix, so every run works on fresh,
 * empty streams and a poller can start at the oldest message without missing or inheriting any.
 * Thread-safe.
 */
public interface Target extends AutoCloseable {

  /** {@code perch} or {@code nchan}. */
  String name();

  /** Adds what the report should say about how this target is driven (senders, connections). */
  void describe(Report report);

  /**
   * Publishes message {@code id} to {@code recipient}; its text is {@link Payload} ({@code id},
   * {@code dueNanos}). Returns at once; {@code ack} hears the outcome on an I/O thread.
   */
  void publish(int recipient, long id, long dueNanos, Acknowledgement ack);

  /**
   * Starts long-polling {@code recipient} from the oldest message of its stream, on a keep-alive
   * connection of its own, until the returned poller is closed. {@code timeout} is Perch's
   * {@code timeout}; Nchan waits for its configured subscriber timeout instead.
   */
  Poller poll(int recipient, Duration timeout, Receiver receiver, PollStats stats);

  /**
   * Makes group {@code group} of recipients {@code firstMember .. firstMember + members - 1}
   * (Perch: {@code POST /v1/groups} by the first member; Nchan: nothing, a channel needs no set-up).
   * Blocks until it is made.
   *
   * @throws IllegalStateException when the server refuses it or does not answer in time
   */
  void formGroup(int group, int firstMember, int members);

  /**
   * Publishes message {@code id} to every member of {@code group}, made by {@link #formGroup};
   * Perch sends it from the group's first {@code senders} members in turn. {@code ack} hears the
   * outcome with {@code group} as the recipient.
   */
  void publishToGroup(int group, long id, long dueNanos, Acknowledgement ack);

  /**
   * Starts long-polling what {@code member} of {@code group} receives, as {@link #poll} does:
   * Perch the member's own stream, Nchan the group's channel.
   */
  Poller pollGroup(int group, int member, Duration timeout, Receiver receiver, PollStats stats);

  /** Closes every connection; polls in flight fail. */
  @Override
  void close();
}
