package dev.perch.api.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Jackson's deserializer cache park for its instant, in test JVMs only.
 *
 * <p>The first time a type is read, {@code DeserializerCache} builds its deserializer under a
 * {@code ReentrantLock}; when two event loops read a type for the first time at once (two sends
 * reaching a fresh node together), one parks until the other has built it, once per type and JVM.
 * BlockHound then failed that request with a 500 (seen in {@code MultiNodeIT}, whose senders start
 * at once). Only that method is allowed; every other blocking call on an event loop still fails.
 */
public final class JacksonFirstUseAllowances implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
  }
}
