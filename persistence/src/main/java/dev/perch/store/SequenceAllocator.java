package dev.perch.store;

import dev.perch.model.UserId;
import reactor.core.publisher.Mono;

/**
 * Hands out the next {@code seq} of a user's update stream for stores that cannot sequence
 * atomically themselves (CQL). Numbers are strictly increasing per user across every node that
 * shares the allocator; a number may be skipped (the reader's hole handling copes), never repeated.
 * Thread-safe; the returned Mono is lazy, so each subscription allocates a new number.
 */
public interface SequenceAllocator {

  Mono<Long> next(UserId user);
}
