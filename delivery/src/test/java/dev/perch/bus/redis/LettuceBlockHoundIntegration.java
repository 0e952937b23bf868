package dev.perch.bus.redis;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Lettuce's per-connection write lock park for its instant, in test JVMs only.
 *
 * <p>Lettuce guards every command write with {@code SharedLock.incrementWriters()}, which holds a
 * {@code ReentrantLock} for a few instructions of writer bookkeeping; when two threads write to one
 * connection at once, one parks for that instant. The bus writes from Lettuce event loops (the next
 * command after a completion) and from timer threads (linger expiry) while callers write from theirs,
 * so BlockHound flags it. Worse, its error, thrown from inside Lettuce's lock, leaves the connection's
 * writer count unbalanced, and closing the connection then spins forever (as in redis/lettuce#3880).
 * Only that method is allowed; everything else Lettuce does on a non-blocking thread stays checked.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
  }
}
