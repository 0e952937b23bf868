package dev.perch.loadgen.target;

/**
 * How the generator connects to a server.
 *
 * @param pollConnections connections for long-polls: one per poller is needed, as each parked poll
 *     holds its connection
 * @param publishConnections connections shared by every publish
 * @param sourceAddresses how many loopback source addresses (127.0.0.1 up to 127.0.0.N) poll
 *     connections are spread over; each gives its own ~28,000 ephemeral ports. 1 leaves the
 *     choice to the kernel.
 */
public record ClientOptions(int pollConnections, int publishConnections, int sourceAddresses) {

  public ClientOptions {
    if (pollConnections < 1 || publishConnections < 1) {
      throw new IllegalArgumentException("connection counts must be positive");
    }
    if (sourceAddresses < 1 || sourceAddresses > 254) {
      throw new IllegalArgumentException("source addresses must be 1 to 254");
    }
  }
}
