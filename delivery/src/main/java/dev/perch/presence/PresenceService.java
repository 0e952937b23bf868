package dev.perch.presence;

import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.model.Conversation;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Answers who is online. A caller sees their own presence and that of the users of their newest
 * {@link PresenceSettings#peers()} 1-1 conversations, the same users their own presence changes
 * are told to; any other user is {@link Seen#hidden() hidden}, so presence tells nobody else
 * whether a user exists or polls.
 */
public final class PresenceService {

  private final PresenceDirectory directory;
  private final MessageStore messages;
  private final Membership membership;
  private final PresenceSettings settings;
  private final Clock clock;

  /** One user's presence as a caller may see it; {@code state} is null when hidden from the caller. */
  public record Seen(UserId user, PresenceState state) {

    public boolean hidden() {
      return state == null;
    }
  }

  public PresenceService(
      PresenceDirectory directory, MessageStore messages, Membership membership, PresenceSettings settings,
      Clock clock) {
    this.directory = directory;
    this.messages = messages;
    this.membership = membership;
    this.settings = settings;
    this.clock = clock;
  }

  /** The presence of each of {@code users}, in their order, as {@code caller} may see it. */
  public Mono<List<Seen>> lookup(UserId caller, List<UserId> users) {
    return messages.conversations(caller, settings.peers())
        .map(Conversation::peer)
        .collect(Collectors.toSet())
        .flatMap(peers -> {
          List<UserId> visible = users.stream().filter(user -> user.equals(caller) || peers.contains(user)).toList();
          return directory.read(visible).map(recorded -> {
            Set<Integer> live = membership.live().stream().map(NodeRecord::id).collect(Collectors.toSet());
            long now = clock.millis();
            return users.stream()
                .map(user -> new Seen(user, recorded.containsKey(user)
                    ? PresenceState.of(recorded.get(user), live, now, settings.grace())
                    : null))
                .toList();
          });
        });
  }
}
