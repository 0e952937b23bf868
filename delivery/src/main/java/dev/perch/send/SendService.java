package dev.perch.send;

import dev.perch.bus.DeliveryBus;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import dev.perch.store.UpdateStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
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
 */
public final class SendService {

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
          ? fanOut(saved.message()).thenReturn(new Sent(saved.message(), true))
          : Mono.just(new Sent(saved.message(), false)));
    });
  }

  private Mono<Void> fanOut(Message message) {
    Set<UserId> recipients = new LinkedHashSet<>(message.conversationId().members());
    return Flux.fromIterable(recipients)
        .flatMap(user -> updates.append(user, UpdateType.MESSAGE, message))
        .flatMap(update -> bus.publish(update.user(), update.seq())
            .onErrorResume(e -> {
              log.warn("wake for {} seq {} not published; its polls will find it in the store: {}",
                  update.user(), update.seq(), e.toString());
              return Mono.empty();
            }))
        .then();
  }
}
