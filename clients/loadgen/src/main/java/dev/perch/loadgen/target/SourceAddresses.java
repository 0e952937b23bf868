package dev.perch.loadgen.target;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Hands out loopback source addresses 127.0.0.1 to 127.0.0.N in turn, port 0 (any). A connection
 * bound to an address draws its ephemeral port from that address's own range, so N addresses hold
 * N times as many connections to one server port. Thread-safe.
 */
final class SourceAddresses implements Supplier<SocketAddress> {

  private final int count;
  private final AtomicInteger next = new AtomicInteger();

  SourceAddresses(int count) {
    if (count < 1 || count > 254) {
      throw new IllegalArgumentException("1 to 254 source addresses");
    }
    this.count = count;
  }

  @Override
  public SocketAddress get() {
    int host = Math.floorMod(next.getAndIncrement(), count) + 1;
    return new InetSocketAddress("127.0.0." + host, 0);
  }
}
