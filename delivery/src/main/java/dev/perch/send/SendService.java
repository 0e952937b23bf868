package dev.perch.send;

import dev.perch.bus.DeliveryBus;
import dev.perch.error.UnavailableException;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import dev.perch.store.UpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends 1-1 messages (a group's go through {@link GroupSendService}). Durable
 * first: the message is saved to history, then appended to the update stream of each participant
 * (the recipient, and the sender's other devices), and only then is a wake published for each
 * ({@link FanOut}).
 *
 * <p>Owed deliveries. When the appends fail (the sequencer or the store is unreachable, or they
 * outlast {@link #FAN_OUT_DEADLINE}), the send records the message as owed
 * ({@link MessageStore#oweDelivery}) and still succeeds: the message is in history, and some
 * node's {@link OwedDeliverySweeper} appends it where it is missing once it can
 * ({@link #finishOwed}). Only when the record cannot be written either does the send fail (503),
 * and the client retries with the same {@code clientMsgId}.
 *
 * <p>Repeats. A repeat returns the first attempt's message and, like the sweeper, appends it for
 * every participant whose stream does not hold it yet, so a message is in every stream exactly
 * once. Neither can tell a failed attempt from one still appending, so while the first attempt
 * may still be running (for {@link #IN_FLIGHT} after its message was made; an attempt gives up
 * after {@link #FAN_OUT_DEADLINE}) they do not append a second copy: the repeat records the
 * delivery as owed instead. After that, they append only while holding the message's delivery
 * lease ({@link MessageStore#leaseDelivery}, as long as an attempt may run), so two of them never
 * both append.
 */
public final class SendService {

  /** An attempt stops appending after this long; its writes then end within a request timeout. */
  public static final Duration FAN_OUT_DEADLINE = FanOut.DEADLINE;
  /** After this long an attempt has certainly stopped writing; well above deadline + request timeout. */
  public static final Duration IN_FLIGHT = Duration.ofSeconds(10);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(SendService.class);

  private final MessageStore messages;
  private final UpdateStore updates;
  private final FanOut fanOut;
  private final MessageIds ids;
  private final Clock clock;

  public SendService(MessageStore messages, UpdateStore updates, DeliveryBus bus, MessageIds ids, Clock clock) {
    this.messages = messages;
    this.updates = updates;
    this.fanOut = new FanOut(updates, bus);
    this.ids = ids;
    this.clock = clock;
  }

  /** Sends {@code outgoing}; the fan-out's deadline runs on {@code timer} (the caller's event loop, where it has one). */
  public Mono<Sent> send(OutgoingMessage outgoing, Scheduler timer) {
    return Mono.defer(() -> {
      Message message = new Message(
          ids.next(),
          ConversationId.direct(outgoing.from(), outgoing.to()),
          outgoing.from(),
          outgoing.to(),
          outgoing.text(),
          outgoing.clientMsgId(),
          clock.instant().truncatedTo(ChronoUnit.MILLIS));
      return messages.save(message).flatMap(saved -> {
        Message stored = saved.message();
        Mono<Void> delivery = saved.created() ? fanOut(stored, members(stored), timer) : appendMissing(stored, timer);
        return orOwe(delivery, stored).thenReturn(new Sent(stored, saved.created()));
      });
    });
  }

  /**
   * Finishes the delivery of a message recorded as owed, and settles it; fails, leaving it owed,
   * while an attempt may still be appending it, while another holds its lease, or when an append fails.
   */
  public Mono<Void> finishOwed(Message message, Scheduler timer) {
    return appendMissing(message, timer).then(messages.settleDelivery(message));
  }

  /** {@code delivery}, or when it fails, the message recorded as owed; fails only if both did. */
  private Mono<Void> orOwe(Mono<Void> delivery, Message message) {
    return delivery.onErrorResume(failed -> messages.oweDelivery(message)
        .doOnSuccess(owed -> log.warn("message {} not yet in every stream; owed, a sweep finishes it: {}",
            message.id(), failed.toString()))
        .onErrorResume(e -> {
          failed.addSuppressed(e);
          return Mono.error(failed);
        }));
  }

  /** Appends an earlier attempt's message to the streams that lack it, once that attempt is over. */
  private Mono<Void> appendMissing(Message message, Scheduler timer) {
    return Flux.fromIterable(members(message))
        // One lookup at a time, so a store outage fails the repeat with that one error (a 503), not
        // with a composite of several.
        .concatMap(member -> updates.find(member, message).hasElement()
            .flatMap(found -> found ? Mono.<UserId>empty() : Mono.just(member)))
        .collectList()
        .flatMap(missing -> {
          if (missing.isEmpty()) {
            return Mono.empty();
          }
          if (clock.instant().isBefore(message.sentAt().plus(IN_FLIGHT))) {
            return Mono.error(inProgress());
          }
          return messages.leaseDelivery(message, IN_FLIGHT)
              .flatMap(leased -> leased ? fanOut(message, missing, timer) : Mono.error(inProgress()));
        });
  }

  private static UnavailableException inProgress() {
    return new UnavailableException("send_in_progress",
        "An earlier send with this clientMsgId is still being delivered; retry shortly.", RETRY_AFTER, null);
  }

  private Mono<Void> fanOut(Message message, List<UserId> recipients, Scheduler timer) {
    return fanOut.append(message, recipients, timer);
  }

  private static List<UserId> members(Message message) {
    return List.copyOf(new LinkedHashSet<>(message.conversationId().members()));
  }
}
