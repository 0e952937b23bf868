package dev.perch.conversation;

import dev.perch.error.ForbiddenException;
import dev.perch.error.NotFoundException;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import dev.perch.store.GroupStore;
import dev.perch.store.MessageStore;
import java.util.Comparator;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a user may read of conversations, 1-1 and groups alike: their list, with read markers and
 * unread counts, and each one's history. A caller sees only conversations it is a member of;
 * another's id answers 403 whether or not it exists.
 *
 * <p>Bounded work: the list looks at the newest {@code limit} 1-1 conversations and at most
 * {@value #GROUPS_SCANNED} groups, and counts unread messages among the newest
 * {@value #UNREAD_SCANNED} of each conversation it answers ({@link Summary#unreadCapped} says
 * when all of those were unread, so there may be more).
 */
public final class Conversations {

  /** Groups of one user looked at per list. */
  public static final int GROUPS_SCANNED = 500;
  /** Reads of a list's groups in flight at once (the list is sorted after). */
  private static final int GROUP_READS = 16;
  /** Newest messages of a conversation looked at to count unread ones. */
  public static final int UNREAD_SCANNED = 100;

  private final MessageStore messages;
  private final GroupStore groups;

  public Conversations(MessageStore messages, GroupStore groups) {
    this.messages = messages;
    this.groups = groups;
  }

  /**
   * One conversation in a user's list: the peer (1-1) or the group, the newest message (null for a
   * group without one yet), the caller's read marker and, 1-1, the peer's (0: none), and how many
   * messages from others came after the caller's marker.
   */
  public record Summary(
      ConversationId id, UserId peer, Group group, Message lastMessage, long readUpTo, long peerReadUpTo,
      int unread, boolean unreadCapped) {}

  /** The caller's conversations, most recently active first (a group without messages by its creation). */
  public Flux<Summary> list(UserId caller, int limit) {
    Flux<Entry> direct = messages.conversations(caller, limit).map(c -> new Entry(c.id(), c.peer(), null, c.lastMessage()));
    Flux<Entry> grouped = groups.groupsOf(caller, GROUPS_SCANNED)
        .flatMap(id -> groups.find(id).filter(group -> group.hasMember(caller)), GROUP_READS)
        .flatMap(group -> messages.history(group.id(), Long.MAX_VALUE, 1).next()
            .map(last -> new Entry(group.id(), null, group, last))
            .defaultIfEmpty(new Entry(group.id(), null, group, null)), GROUP_READS);
    return Flux.merge(direct, grouped)
        .sort(Comparator.comparingLong(Entry::recency).reversed())
        .take(limit)
        .concatMap(entry -> summarize(caller, entry));
  }

  /** A page of history, newest first; 403 for a non-member, 404 for a 1-1 conversation without messages. */
  public Flux<Message> history(UserId caller, ConversationId id, long before, int limit) {
    return authorize(caller, id).thenMany(messages.history(id, before, limit));
  }

  /**
   * Completes when {@code caller} may read {@code id}: 403 for a non-member; 404 for a 1-1
   * conversation that has no message yet (a group exists from its creation).
   */
  public Mono<Void> authorize(UserId caller, ConversationId id) {
    if (id.isGroup()) {
      return groups.find(id).filter(group -> group.hasMember(caller))
          .switchIfEmpty(Mono.error(() -> Group.notMember(id)))
          .then();
    }
    if (!id.hasMember(caller)) {
      return Mono.error(new ForbiddenException("forbidden", "You are not a member of conversation " + id + "."));
    }
    return messages.conversation(caller, id)
        .switchIfEmpty(Mono.error(() -> new NotFoundException(
            "unknown_conversation", "No conversation " + id + " yet: it starts with its first message.")))
        .then();
  }

  private Mono<Summary> summarize(UserId caller, Entry entry) {
    Mono<Long> peerMarker = entry.peer() == null || entry.peer().equals(caller)
        ? Mono.just(0L)
        : messages.readMarker(entry.id(), entry.peer());
    return Mono.zip(messages.readMarker(entry.id(), caller), peerMarker).flatMap(markers -> {
      long mine = markers.getT1();
      Mono<List<Message>> newest = entry.lastMessage() == null || entry.lastMessage().id() <= mine
          ? Mono.just(List.of())
          : messages.history(entry.id(), Long.MAX_VALUE, UNREAD_SCANNED).collectList();
      return newest.map(page -> {
        int unread = (int) page.stream().filter(m -> m.id() > mine && !m.from().equals(caller)).count();
        boolean capped = page.size() == UNREAD_SCANNED && page.get(page.size() - 1).id() > mine;
        return new Summary(entry.id(), entry.peer(), entry.group(), entry.lastMessage(), mine, markers.getT2(),
            unread, capped);
      });
    });
  }

  private record Entry(ConversationId id, UserId peer, Group group, Message lastMessage) {

    long recency() {
      return lastMessage != null ? lastMessage.id() : MessageIds.lowestAt(group.createdAt());
    }
  }
}
