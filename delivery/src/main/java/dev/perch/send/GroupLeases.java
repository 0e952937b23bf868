package dev.perch.send;

import dev.perch.model.ConversationId;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Who relays a group's messages now: of the callers that {@link #acquire} one group's lease, across
 * every node that shares the leases, one holds it until it releases it or its time runs out. A
 * holder renews it before each message, so it never appends with less than a full lease ahead.
 * Thread-safe; publishers are lazy.
 */
public interface GroupLeases {

  /** Takes the lease for {@code ttl} under {@code token}; false when another token holds it. */
  Mono<Boolean> acquire(ConversationId group, String token, Duration ttl);

  /** Extends the lease {@code token} holds to {@code ttl} from now; false when it holds it no longer. */
  Mono<Boolean> renew(ConversationId group, String token, Duration ttl);

  /** Gives the lease up, if {@code token} still holds it. */
  Mono<Void> release(ConversationId group, String token);
}
