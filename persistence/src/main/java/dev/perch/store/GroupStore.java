package dev.perch.store;

import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.UserId;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Groups and which groups each user is in. Thread-safe and non-blocking; publishers are lazy.
 */
public interface GroupStore {

  /** Stores a new group (its id is fresh, so nothing is overwritten). */
  Mono<Group> create(Group group);

  /** The group, or empty when there is none. */
  Mono<Group> find(ConversationId id);

  /**
   * Replaces the group with {@code change} applied to it, atomically: concurrent changes of one
   * group each apply to the other's result, none is lost. {@code change} may throw a
   * {@link dev.perch.error.PerchException} to refuse (the error is the answer); it may be called
   * more than once. Empty when there is no such group.
   */
  Mono<Changed> change(ConversationId id, UnaryOperator<Group> change);

  /** Ids of the groups {@code user} is a member of, at most {@code limit}, in no particular order. */
  Flux<ConversationId> groupsOf(UserId user, int limit);

  /** A change's outcome: the group before and after. */
  record Changed(Group before, Group after) {}
}
