package dev.perch.send;

import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.Message;
import dev.perch.store.GroupStore;
import dev.perch.store.MessageStore;
import dev.perch.store.UpdateStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends messages to groups: only a member may, and a non-member is refused the same way whether or
 * not the group exists. The message is saved once, in the group's history, and owed; the send
 * answers then (the message is durable), and the {@link GroupRelay} puts it into every member's
 * stream, the sender's included, in the group's one order. A repeated {@code clientMsgId} answers
 * the first message; when the sender's own stream does not hold it yet, the first attempt may have
 * failed before owing it, so the repeat owes it again, as started (the relay then appends it only
 * where it is missing), and triggers the relay.
 */
public final class GroupSendService {

  private final MessageStore messages;
  private final GroupStore groups;
  private final UpdateStore updates;
  private final GroupRelay relay;
  private final MessageIds ids;
  private final Clock clock;

  public GroupSendService(
      MessageStore messages, UpdateStore updates, GroupStore groups, GroupRelay relay, MessageIds ids, Clock clock) {
    this.messages = messages;
    this.updates = updates;
    this.groups = groups;
    this.relay = relay;
    this.ids = ids;
    this.clock = clock;
  }

  /** Sends {@code outgoing}, whose {@code group} is set; the relay's deadlines run on {@code timer}. */
  public Mono<Sent> send(OutgoingMessage outgoing, Scheduler timer) {
    ConversationId group = outgoing.group();
    return groups.find(group)
        .filter(found -> found.hasMember(outgoing.from()))
        .switchIfEmpty(Mono.error(() -> Group.notMember(group)))
        .flatMap(member -> messages.save(new Message(ids.next(), group, outgoing.from(), null, outgoing.text(),
            outgoing.clientMsgId(), clock.instant().truncatedTo(ChronoUnit.MILLIS))))
        .flatMap(saved -> owe(saved)
            .then(Mono.fromRunnable(() -> relay.trigger(group, timer)))
            .thenReturn(new Sent(saved.message(), saved.created())));
  }

  private Mono<Void> owe(MessageStore.Saved saved) {
    Message message = saved.message();
    return saved.created()
        ? messages.oweDelivery(message)
        : updates.find(message.from(), message).hasElement()
            .flatMap(delivered -> delivered ? Mono.<Void>empty() : messages.startDelivery(message));
  }
}
