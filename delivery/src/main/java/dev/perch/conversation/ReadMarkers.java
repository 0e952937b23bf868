package dev.perch.conversation;

import dev.perch.error.InvalidRequestException;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.UserId;
import dev.perch.send.FanOut;
import dev.perch.store.MessageStore;
import java.util.LinkedHashSet;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Moves read markers and tells those who care. A marker only moves forward; only a member sets
 * it, and only to a message of the conversation. When it moved, a {@code read} update goes to the
 * reader's own stream (their other devices) and: 1-1, to the peer; in a group, only to the authors
 * of the messages it newly covers (among the newest {@value Conversations#UNREAD_SCANNED} after the
 * old marker), so a read in a big group is not one update per member, and every author still sees
 * "read by".
 */
public final class ReadMarkers {

  private final MessageStore messages;
  private final Conversations conversations;
  private final FanOut fanOut;

  public ReadMarkers(MessageStore messages, Conversations conversations, FanOut fanOut) {
    this.messages = messages;
    this.conversations = conversations;
    this.fanOut = fanOut;
  }

  /** {@code caller} has read {@code id} up to message {@code upTo}; answers the marker after the call. */
  public Mono<ReadMarker> markRead(UserId caller, ConversationId id, long upTo, Scheduler timer) {
    return conversations.authorize(caller, id)
        .then(messages.history(id, upTo == Long.MAX_VALUE ? upTo : upTo + 1, 1).next())
        .filter(message -> message.id() == upTo)
        .switchIfEmpty(Mono.error(() -> new InvalidRequestException(
            "unknown_message", "Message " + upTo + " is not in conversation " + id + ".")))
        .then(messages.readMarker(id, caller))
        .flatMap(before -> messages.markRead(new ReadMarker(id, caller, upTo)).flatMap(after -> {
          ReadMarker marker = new ReadMarker(id, caller, after);
          return after <= before
              ? Mono.just(marker)
              : told(caller, id, before, after).flatMap(to -> fanOut.append(marker, to, timer)).thenReturn(marker);
        }));
  }

  private Mono<Set<UserId>> told(UserId caller, ConversationId id, long before, long after) {
    Set<UserId> told = new LinkedHashSet<>();
    told.add(caller);
    if (!id.isGroup()) {
      told.add(id.peerOf(caller));
      return Mono.just(told);
    }
    return messages.history(id, after + 1, Conversations.UNREAD_SCANNED)
        .takeWhile(message -> message.id() > before)
        .map(Message::from)
        .doOnNext(told::add)
        .then(Mono.just(told));
  }
}
