package dev.perch.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets the CQL driver's prepared-statement cache park for its instant, in test JVMs only.
 *
 * <p>{@code CqlPrepareAsyncProcessor} keeps the prepares in flight in a Guava cache whose loader
 * only makes a future; when two threads prepare the same statement for the first time at once,
 * one waits on the cache segment's lock for those microseconds, once per statement. When that
 * thread is one of the driver's I/O threads BlockHound failed the append (seen once in a clean-clone
 * CI run of {@code UpdateStoreContract}'s concurrent appends). Only that method is allowed.
 */
public final class CqlDriverFirstUseAllowances implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("com.datastax.oss.driver.internal.core.cql.CqlPrepareAsyncProcessor", "process");
  }
}
