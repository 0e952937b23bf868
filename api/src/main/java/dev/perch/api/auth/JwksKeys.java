package dev.perch.api.auth;

import com.nimbusds.jose.jwk.JWKSet;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The public keys of an identity provider, from its JSON Web Key Set: an {@code http(s)} URL
 * fetched without blocking (Reactor Netty's client), or a {@code file:} read on a worker thread.
 * Fetched at start, then every {@code refresh}, and again when a token names a key the set lacks
 * (a rotation published since), at most once per {@link #UNKNOWN_KEY_INTERVAL}. Verification reads
 * only the set in memory, never waits for a fetch; a failed fetch keeps the set it had and is
 * logged. Thread-safe.
 */
final class JwksKeys implements AutoCloseable {

  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
  static final Duration UNKNOWN_KEY_INTERVAL = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

  private final URI uri;
  private final Duration refresh;
  private final Clock clock;
  private final HttpClient http = HttpClient.create().responseTimeout(FETCH_TIMEOUT);
  /** When (epoch milliseconds) an unknown key may next cause a fetch. */
  private final AtomicLong nextUnknownKeyFetch = new AtomicLong();
  private volatile JWKSet keys = new JWKSet();
  private Disposable refreshing;

  JwksKeys(URI uri, Duration refresh, Clock clock) {
    if (!"file".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("perch.auth.jwks.uri must be an http(s) URL or a file: URI, not " + uri);
    }
    this.uri = uri;
    this.refresh = refresh;
    this.clock = clock;
  }

  /** Fetches the set once, waiting at most {@link #FETCH_TIMEOUT} (called at start-up), then keeps refreshing it. */
  synchronized void start() {
    try {
      fetch().block(FETCH_TIMEOUT.plusSeconds(1));
    } catch (RuntimeException e) {
      log.warn("JWKS {} not fetched at start ({}); its tokens are refused until a refresh succeeds", uri, e.toString());
    }
    refreshing = Flux.interval(refresh, refresh, Schedulers.parallel())
        .onBackpressureDrop()
        .concatMap(tick -> fetch().onErrorResume(e -> Mono.empty()), 0)
        .subscribe();
  }

  /** The keys as last fetched: empty before the first fetch succeeded. */
  JWKSet current() {
    return keys;
  }

  /** A token named a key the set lacks: fetch again, unless a fetch for that reason began lately. */
  void unknownKey() {
    long now = clock.millis();
    long next = nextUnknownKeyFetch.get();
    if (now >= next && nextUnknownKeyFetch.compareAndSet(next, now + UNKNOWN_KEY_INTERVAL.toMillis())) {
      fetch().onErrorResume(e -> Mono.empty()).subscribe();
    }
  }

  Mono<JWKSet> fetch() {
    return read()
        .map(JwksKeys::parse)
        .timeout(FETCH_TIMEOUT)
        .doOnNext(set -> {
          keys = set;
          log.debug("JWKS {}: {} keys", uri, set.getKeys().size());
        })
        .doOnError(e -> log.warn("JWKS {} not fetched; keeping the {} keys it had: {}", uri, keys.getKeys().size(),
            e.toString()));
  }

  private Mono<String> read() {
    if ("file".equals(uri.getScheme())) {
      return Mono.fromCallable(() -> readFile(Path.of(uri))).subscribeOn(Schedulers.boundedElastic());
    }
    return http.get().uri(uri.toString()).responseSingle((response, body) -> {
      if (!HttpResponseStatus.OK.equals(response.status())) {
        return Mono.error(new IOException("JWKS answered " + response.status()));
      }
      return body.asString();
    });
  }

  private static String readFile(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The public keys of a JWK Set document (private parts, if a file holds them, are dropped). */
  private static JWKSet parse(String document) {
    try {
      return JWKSet.parse(document).toPublicJWKSet();
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWK Set: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (refreshing != null) {
      refreshing.dispose();
    }
  }
}
