package dev.perch.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows the few blocking calls the JDK itself makes once per JVM, the first time a feature is
 * used, when that first use happens on a non-blocking thread. Each entry names the narrowest
 * method that contains the one-time work; everything else still fails the build.
 */
public final class JdkFirstUseAllowances implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    // JDK 17 reads $JAVA_HOME/conf/net.properties (jdk.net.usePlainSocketImpl) when the first
    // socket of the JVM is created. The CQL driver opens its first connection on its own admin
    // thread, which the driver's BlockHound integration rightly marks non-blocking.
    builder.allowBlockingCallsInside("java.net.SocketImpl", "usePlainSocketImpl");
  }
}
