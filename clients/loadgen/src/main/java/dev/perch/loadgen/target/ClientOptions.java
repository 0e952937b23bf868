package dev.perch.loadgen.target;

/**
 * How the generator connects to a server. Every poller holds a keep-alive connection of its own.
 *
 * @param publishConnections keep-alive connections per server shared by every publish
 * @param sourceAddresses how many loopback source addresses (127.0.0.1 up to 127.0.0.N) poll
 *     connections are spread over; each gives its own ~28,000 ephemeral ports. 1 leaves the
 *     choice to the kernel.
 */
public record ClientOptions(int publishConnections, int sourceAddresses) {

  public ClientOptions {
    if (publishConnections < 1) {
      throw new IllegalArgumentException("publish connections must be positive");
    }
    if (sourceAddresses < 1 || sourceAddresses > 254) {
      throw new IllegalArgumentException("source addresses must be 1 to 254");
    }
  }
}
