package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Opens driver sessions configured for the CQL stores, programmatically: no
 * {@code application.conf} is read. The session's defaults match the options (consistency, serial
 * consistency, request timeout), although the stores set them on each statement anyway.
 */
public final class CqlSessions {

  /** The name Cassandra and ScyllaDB give the data center of a node that was not told otherwise. */
  public static final String DEFAULT_DATACENTER = "datacenter1";
  private static final int DEFAULT_PORT = 9042;
  private static final Duration RECONNECTION_BASE_DELAY = Duration.ofMillis(250);
  private static final Duration RECONNECTION_MAX_DELAY = Duration.ofSeconds(2);

  private CqlSessions() {}

  /**
   * Connects to the cluster. Lazy: each subscription opens a new session, which the caller must
   * close ({@link CqlSession#closeAsync()}). Fails when no contact point answers.
   */
  public static Mono<CqlSession> connect(
      List<InetSocketAddress> contactPoints, String localDatacenter, CqlStoreOptions options) {
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("at least one contact point is needed");
    }
    return Mono.defer(() -> Mono.fromCompletionStage(CqlSession.builder()
        .addContactPoints(contactPoints)
        .withLocalDatacenter(localDatacenter)
        .withConfigLoader(config(options))
        .buildAsync()));
  }

  /**
   * Parses {@code host[:port],host[:port]...}; the port defaults to 9042. Resolves host names, which
   * may block: call it while configuring, not on an event loop.
   */
  public static List<InetSocketAddress> parseContactPoints(String text) {
    List<InetSocketAddress> points = Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(CqlSessions::parseContactPoint)
        .toList();
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no contact point in '" + text + "'");
    }
    return points;
  }

  private static InetSocketAddress parseContactPoint(String point) {
    int colon = point.lastIndexOf(':');
    if (colon < 0) {
      return new InetSocketAddress(point, DEFAULT_PORT);
    }
    try {
      return new InetSocketAddress(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in contact point '" + point + "'", e);
    }
  }

  private static DriverConfigLoader config(CqlStoreOptions options) {
    return DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, options.requestTimeout())
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, options.consistency().name())
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, options.serialConsistency().name())
        // The driver waits this long for further schema events before refreshing its metadata
        // (default 1 s). Our only schema changes are the few statements of CqlSchema at startup,
        // each of which would otherwise pay the full second.
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(1))
        // Reconnection to a node that went away backs off exponentially up to this (default 60 s):
        // while it is down every request answers 503, so the store must be back within seconds of
        // the node, not after the next of 16, 32, 60 s attempts.
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, RECONNECTION_BASE_DELAY)
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, RECONNECTION_MAX_DELAY)
        .build();
  }
}
