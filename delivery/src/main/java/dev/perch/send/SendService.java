package dev.perch.send;

import dev.perch.bus.DeliveryBus;
import dev.perch.error.PerchException;
import dev.perch.error.UnavailableException;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UpdateType;
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

/**
 * Sends 1-1 messages. Durable first: the message is saved to history, then appended to the update
 * stream of each participant (the recipient, and the sender's other devices), and only then is a
 * wake published for each. The returned Mono completes after every write, so an acknowledged
 * message is in the store; a failed publish is logged and does not fail the send, because pollers
 * find the update in the store on their next read.
 *
 * <p>Repeats and partial failures. A send whose appends fail answers 503; the client retries with
 * the same {@code clientMsgId}. The store then returns the first attempt's message, and the
 * repeat appends it for every participant whose stream does not hold it yet, so a message that was
 * acknowledged once is in every stream exactly once. A repeat cannot tell a failed attempt from one
 * still appending, so while the first attempt may still be running (for {@link #IN_FLIGHT} after
 * its message was made; an attempt gives up after {@link #FAN_OUT_DEADLINE}) an incomplete repeat
 * answers 503 {@code send_in_progress} instead of appending a second copy. After that, a repeat
 * appends only while it holds the message's delivery lease ({@link MessageStore#leaseDelivery}, as
 * long as an attempt may run), so concurrent repeats never both append.
 */
public final class SendService {

  /** An attempt stops appending after this long; its writes then end within a request timeout. */
  public static final Duration FAN_OUT_DEADLINE = Duration.ofSeconds(5);
  /** After this long an attempt has certainly stopped writing; well above deadline + request timeout. */
  public static final Duration IN_FLIGHT = Duration.ofSeconds(10);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(SendService.class);

  private final MessageStore messages;
  private final UpdateStore updates;
  private final DeliveryBus bus;
  private final MessageIds ids;
  private final Clock clock;

  public SendService(MessageStore messages, UpdateStore updates, DeliveryBus bus, MessageIds ids, Clock clock) {
    this.messages = messages;
    this.updates = updates;
    this.bus = bus;
    this.ids = ids;
    this.clock = clock;
  }

  public Mono<Sent> send(OutgoingMessage outgoing) {
    return Mono.defer(() -> {
      Message message = new Message(
          ids.next(),
          ConversationId.direct(outgoing.from(), outgoing.to()),
          outgoing.from(),
          outgoing.to(),
          outgoing.text(),
          outgoing.clientMsgId(),
          clock.instant().truncatedTo(ChronoUnit.MILLIS));
      return messages.save(message).flatMap(saved -> saved.created()
          ? fanOut(saved.message(), members(saved.message())).thenReturn(new Sent(saved.message(), true))
          : finishRepeat(saved.message()).thenReturn(new Sent(saved.message(), false)));
    });
  }

  /** Appends an earlier attempt's message to the streams that lack it, once that attempt is over. */
  private Mono<Void> finishRepeat(Message message) {
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
              .flatMap(leased -> leased ? fanOut(message, missing) : Mono.error(inProgress()));
        });
  }

  private static UnavailableException inProgress() {
    return new UnavailableException("send_in_progress",
        "An earlier send with this clientMsgId is still being delivered; retry shortly.", RETRY_AFTER, null);
  }

  private Mono<Void> fanOut(Message message, List<UserId> recipients) {
    return Flux.fromIterable(recipients)
        .flatMap(user -> updates.append(user, UpdateType.MESSAGE, message))
        .flatMap(update -> bus.publish(update.user(), update.seq())
            .onErrorResume(e -> {
              log.warn("wake for {} seq {} not published; its polls will find it in the store: {}",
                  update.user(), update.seq(), e.toString());
              return Mono.empty();
            }))
        .then()
        .timeout(FAN_OUT_DEADLINE)
        .onErrorMap(e -> !(e instanceof PerchException), e -> {
          log.warn("message {} not yet in every stream; a repeat with its clientMsgId finishes it: {}",
              message.id(), e.toString());
          return new UnavailableException("delivery_unavailable",
              "The message is stored but not yet delivered; retry with the same clientMsgId.", RETRY_AFTER, e);
        });
  }

  private static List<UserId> members(Message message) {
    return List.copyOf(new LinkedHashSet<>(message.conversationId().members()));
  }
}
