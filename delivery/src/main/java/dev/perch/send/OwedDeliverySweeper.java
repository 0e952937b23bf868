package dev.perch.send;

import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.store.MessageStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Finishes owed deliveries: every {@code interval}, one sweep reads up to {@link #BATCH} messages
 * recorded as owed ({@link MessageStore#owedDeliveries}) and finishes them one at a time
 * ({@link SendService#finishOwed}). Each node sweeps the shards it owns (those {@code owned}
 * accepts: the consistent-hash ring's share of this node), so a dead node's shards pass to the
 * others with the ring; the delivery lease keeps two nodes from appending one message twice (as
 * while two rings disagree), so an owed message is finished even when the node that owed it died.
 *
 * <p>A group's owed messages are its relay's queue: for them a sweep only triggers the group's
 * {@link GroupRelay} (once per group), which delivers them in the group's order.
 *
 * <p>A message that cannot be finished yet (its first attempt may still be appending, another node
 * holds its lease, the sequencer is still unreachable) stays owed for the next sweep, and so do the
 * later messages of its conversation, which are therefore appended in the order they were sent.
 * Sweeps never overlap: a tick that comes while one runs is dropped.
 */
public final class OwedDeliverySweeper {

  /** Owed messages looked at per sweep. */
  static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(OwedDeliverySweeper.class);

  private final MessageStore messages;
  private final SendService sends;
  private final GroupRelay relay;
  private final Duration interval;
  private final Scheduler scheduler;
  private final IntPredicate owned;
  private Disposable sweeping;
  private volatile long outstanding;

  /** Sweeps the owed shards {@code owned} accepts ({@link MessageStore#owedShard}), asking it again every sweep. */
  public OwedDeliverySweeper(
      MessageStore messages, SendService sends, GroupRelay relay, Duration interval, Scheduler scheduler,
      IntPredicate owned) {
    this.messages = Objects.requireNonNull(messages, "messages");
    this.sends = Objects.requireNonNull(sends, "sends");
    this.relay = Objects.requireNonNull(relay, "relay");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.owned = Objects.requireNonNull(owned, "owned");
  }

  /** Starts sweeping every {@code interval}; does nothing when already started. */
  public synchronized void start() {
    if (sweeping == null || sweeping.isDisposed()) {
      sweeping = Flux.interval(interval, scheduler)
          .onBackpressureDrop()
          .concatMap(tick -> sweep().onErrorResume(e -> {
            log.debug("owed deliveries not read; next sweep in {}: {}", interval, e.toString());
            return Mono.empty();
          }), 0)
          .subscribe();
    }
  }

  /** Stops sweeping; a sweep under way is cancelled, and what it did not finish stays owed. */
  public synchronized void stop() {
    if (sweeping != null) {
      sweeping.dispose();
    }
  }

  /**
   * Owed messages the last sweep left owed: those it read (at most {@link #BATCH}) but did not
   * finish, a group's counted until its relay delivers it. 0 before the first sweep.
   */
  public long outstanding() {
    return outstanding;
  }

  /** One sweep: completes with the number of 1-1 messages it finished (groups' are left to their relays). */
  public Mono<Long> sweep() {
    return Mono.defer(() -> {
      Set<ConversationId> held = new HashSet<>();
      Set<ConversationId> triggered = new HashSet<>();
      long[] read = {0};
      return messages.owedDeliveries(owned, BATCH).doOnNext(message -> read[0]++).concatMap(message -> {
        ConversationId conversation = message.conversationId();
        if (conversation.isGroup()) {
          if (triggered.add(conversation)) {
            relay.trigger(conversation, scheduler);
          }
          return Mono.<Message>empty();
        }
        return held.contains(conversation)
            ? Mono.<Message>empty()
            : sends.finishOwed(message, scheduler).thenReturn(message).onErrorResume(e -> {
              held.add(conversation);
              log.debug("owed delivery of message {} not finished yet: {}", message.id(), e.toString());
              return Mono.empty();
            });
      }).count().doOnNext(finished -> outstanding = read[0] - finished);
    });
  }
}
