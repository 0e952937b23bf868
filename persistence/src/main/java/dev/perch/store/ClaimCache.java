package dev.perch.store;

import dev.perch.model.Message;
import reactor.core.publisher.Mono;

/**
 * The fast claim of {@code (sender, clientMsgId)} idempotency keys, outside the store (Redis), in
 * front of its durable record: of concurrent claims of one key, across nodes, one wins and the
 * others learn the winner's message id. It may lose what it held (a restart without persistence,
 * a flush, a failover to an empty replica), and then says for the idempotency window that its
 * answers are not to be trusted alone: the store's record of the key decides. Thread-safe; lazy.
 */
public interface ClaimCache {

  /** Claims {@code message}'s key for it unless another message holds it. Fails while unreachable. */
  Mono<Claim> claim(Message message);

  /**
   * Says that a key was claimed in the store alone while the cache was unreachable: every node
   * must check the store for the idempotency window, as after a loss.
   */
  void bypassed();

  /**
   * What a claim found.
   *
   * @param holder the id of the message that holds the key; the claimed message's own when it won
   * @param trusted false while the cache may have lost keys it held: the store's record then decides
   */
  record Claim(long holder, boolean trusted) {}
}
