package dev.perch.loadgen.target;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The generator's connections to one server URL: a pool for long-polls, sized so every poller
 * holds its own connection, and a smaller one for publishing. Counts poll requests written.
 */
final class Endpoint implements AutoCloseable {

  /** Longer than any poll may wait (Perch at most 60 s, Nchan as configured in dev/nchan). */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(90);

  private final ConnectionProvider pollPool;
  private final ConnectionProvider publishPool;
  private final HttpClient polls;
  private final HttpClient publishes;
  private final LongAdder pollsSent = new LongAdder();

  Endpoint(String baseUrl, ClientOptions options) {
    this.pollPool = pool("polls", options.pollConnections());
    this.publishPool = pool("publishes", options.publishConnections());
    HttpClient pollClient = HttpClient.create(pollPool)
        .baseUrl(baseUrl)
        .responseTimeout(RESPONSE_TIMEOUT)
        .doAfterRequest((request, connection) -> pollsSent.increment());
    if (options.sourceAddresses() > 1) {
      pollClient = pollClient.bindAddress(new SourceAddresses(options.sourceAddresses()));
    }
    this.polls = pollClient;
    this.publishes = HttpClient.create(publishPool).baseUrl(baseUrl).responseTimeout(RESPONSE_TIMEOUT);
  }

  HttpClient polls() {
    return polls;
  }

  HttpClient publishes() {
    return publishes;
  }

  long pollsSent() {
    return pollsSent.sum();
  }

  @Override
  public void close() {
    pollPool.dispose();
    publishPool.dispose();
  }

  private static ConnectionProvider pool(String name, int connections) {
    // Unbounded pending acquires: a burst of publishes waits for a connection (and the wait
    // counts in its latency) instead of failing in the generator.
    return ConnectionProvider.builder(name)
        .maxConnections(connections)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(RESPONSE_TIMEOUT)
        .build();
  }
}
