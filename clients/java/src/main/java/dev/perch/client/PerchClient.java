package dev.perch.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client of the Perch HTTP API (docs/api.md) for one user, the holder of its token.
 *
 * <p><b>Threading.</b> Every method returns at once with a cold publisher: nothing is sent until it
 * is subscribed, and each subscription sends again. Signals arrive on the client's Reactor Netty
 * event-loop threads ({@code perch-client-*}), or on Reactor's parallel scheduler after a backoff
 * or a timeout. Never block in them (no {@code block()}, no blocking I/O): move such work elsewhere
 * with {@code publishOn}. The client is thread-safe and meant to be shared.
 *
 * <p><b>Retries and idempotency.</b> {@link #send} makes a {@code clientMsgId} when it is called, so
 * every attempt and every subscription of the returned {@code Mono} sends the very same key: the
 * server stores the message once, however often it is sent (24 h window). Sends, polls, reads
 * ({@code GET}) and the calls the API makes idempotent ({@link #markRead}, {@link #changeMembers})
 * are retried after no answer (connection refused or reset, a timeout), 408, 429 and any 5xx,
 * waiting a jittered exponential backoff ({@link Builder#backoff}) or the answer's
 * {@code Retry-After} when that is longer, until {@link Builder#retryFor} has passed; then they fail
 * with the last failure. {@link #createGroup} and {@link #leaveGroup} are sent once: a repeat could
 * make a second group, or refuse a member who already left. Other statuses are not retried. A 401
 * asks the token source for a new token and sends once more; a second 401 fails. Every failure is a
 * {@link PerchException}. Every wait is bounded: a connect by {@link Builder#connectTimeout}, an
 * answer by {@link Builder#requestTimeout} (a poll by its timeout plus that).
 *
 * <p><b>Nodes.</b> Given several base URLs the client uses one at a time and moves on to the next
 * after no answer or a 5xx, so a retry or the next poll goes to another node.
 *
 * <p>Only the client from {@link Builder#build} owns connections; clients from {@link #withToken}
 * share them, and closing the built one closes them all.
 */
public interface PerchClient extends AutoCloseable {

  /** A builder with the defaults listed on its methods; {@link Builder#baseUrl} and a token are required. */
  static Builder builder() {
    return new Builder();
  }

  /** The id of the 1-1 conversation of {@code a} and {@code b}: both sorted, joined by {@code .}. */
  static String conversationId(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "." + b : b + "." + a;
  }

  /** Sends {@code text} to user {@code to}, with a clientMsgId made now (see the retry contract above). */
  Mono<Message> send(String to, String text);

  /**
   * Sends {@code text} to user {@code to} with the caller's own idempotency key; a key sent before
   * (by this user, within 24 h) answers the earlier message, whatever {@code to} and {@code text}.
   */
  Mono<Message> send(String to, String text, String clientMsgId);

  /** Sends {@code text} to group {@code groupId}, with a clientMsgId made now. */
  Mono<Message> sendToGroup(String groupId, String text);

  /** Sends {@code text} to group {@code groupId} with the caller's own idempotency key. */
  Mono<Message> sendToGroup(String groupId, String text, String clientMsgId);

  /**
   * The caller's updates from {@code cursor} on, as long as the subscriber stays: long-polls one
   * request at a time ({@link Builder#pollTimeout}, {@link Builder#pollLimit}), and polls again
   * when the subscriber has taken what an answer held, so a slow subscriber holds the polling back
   * rather than being flooded.
   *
   * <p><b>Ordering.</b> Updates are emitted in ascending {@code seq}, each once, with no gap the
   * server did not make: after no answer, a 5xx or 429 the client waits its backoff (unbounded:
   * it never gives up, its waits capped by {@link Builder#backoff}) and polls again from the last
   * cursor it was given, on the next node if it has several; an update repeated or behind that
   * cursor is never emitted. The seq of the last update received is a cursor to resume from later.
   *
   * <p><b>End.</b> It never completes. It fails with a {@link PerchException} on an answer that
   * polling again cannot mend: 400 ({@code invalid_cursor}: the cursor is ahead of the stream, say
   * after the embedded server restarted; start again from {@code 0} or {@code null}), a 401 after a
   * refreshed token, 403. Cancelling it closes the parked poll's connection, which frees the poll on
   * the server at once.
   *
   * @param cursor the seq of the last update already seen; {@code 0}: from the oldest update the
   *     server retains; {@code null}: from the head, only updates from now on
   */
  Flux<Update> updates(Long cursor);

  /** As {@link #updates(Long)}, only updates of these types (the cursor still moves past the others). */
  Flux<Update> updates(Long cursor, Set<Update.Type> types);

  /**
   * One long-poll, retried as a read: the updates after {@code cursor}, or an empty batch with the
   * same cursor once {@code timeout} (whole seconds, 0 to 60) passed. For callers driving their own
   * loop; {@link #updates} does it for them.
   *
   * @param cursor as for {@link #updates(Long)}; {@code null} answers the head as the cursor
   */
  Mono<UpdateBatch> poll(Long cursor, Duration timeout);

  /**
   * A page of a conversation's history, newest first.
   *
   * @param before only messages with an id below this one; {@code null} for the newest page
   * @param limit page size, 1 to 500
   */
  Mono<HistoryPage> history(String conversationId, Long before, int limit);

  /** The caller's conversations, the one with the newest message first; at most {@code limit} (1 to 500). */
  Mono<List<Conversation>> conversations(int limit);

  /** The caller's newest 50 conversations. */
  default Mono<List<Conversation>> conversations() {
    return conversations(50);
  }

  /** Makes a group of the caller (its first admin) and {@code members}; sent once, never retried. */
  Mono<Group> createGroup(String name, Collection<String> members);

  /** A group the caller is a member of. */
  Mono<Group> group(String groupId);

  /** Adds and removes members (an admin; others may only remove themselves); the group after the change. */
  Mono<Group> changeMembers(String groupId, Collection<String> add, Collection<String> remove);

  /** The caller leaves the group; sent once, never retried. The group after it left. */
  Mono<Group> leaveGroup(String groupId);

  /** Marks {@code conversationId} read up to message {@code upTo}; the marker now (it only moves forward). */
  Mono<ReadMarker> markRead(String conversationId, long upTo);

  /** A client for another user (the holder of {@code token}) on this client's connections and settings. */
  default PerchClient withToken(String token) {
    Objects.requireNonNull(token, "token");
    return withTokens(() -> Mono.just(token));
  }

  /** A client for the user of {@code tokens} (see {@link Builder#tokens}) on this client's connections. */
  PerchClient withTokens(Supplier<Mono<String>> tokens);

  /**
   * Closes the connections and event loops, waiting up to 10 s; calls in flight fail. Blocks: call it
   * off the event loops. Does nothing on a client from {@link #withToken}.
   */
  @Override
  void close();

  /** Collects the settings of a client; not thread-safe; each {@link #build} makes a new client. */
  final class Builder {

    private final List<String> baseUrls = new ArrayList<>();
    private Supplier<Mono<String>> tokens;
    private Duration pollTimeout = Duration.ofSeconds(25);
    private int pollLimit = 100;
    private Duration requestTimeout = Duration.ofSeconds(15);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration retryFor = Duration.ofSeconds(60);
    private Duration backoffFirst = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(5);
    private Duration longestRetryAfter = Duration.ofSeconds(30);
    private int maxConnections = 64;
    private int eventLoopThreads = Math.min(4, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    /** A node to talk to, e.g. {@code http://127.0.0.1:8080}; call once per node to give several. */
    public Builder baseUrl(URI baseUrl) {
      String url = baseUrl.toString();
      if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
        throw new IllegalArgumentException("an http or https URL: " + url);
      }
      baseUrls.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    /** As {@link #baseUrl(URI)}. */
    public Builder baseUrl(String baseUrl) {
      return baseUrl(URI.create(baseUrl));
    }

    /** A token that does not change (it cannot be refreshed: a 401 fails the call). */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      return tokens(() -> Mono.just(token));
    }

    /**
     * Where tokens come from: asked on first use and again after the server refused the token it
     * gave (401). It is called on an event loop, so its {@code Mono} must not block.
     */
    public Builder tokens(Supplier<Mono<String>> tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** How long a poll of {@link PerchClient#updates} parks on the server: whole seconds, 0 to 60; default 25. */
    public Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
      return this;
    }

    /** At most this many updates per poll, 1 to 500; default 100. */
    public Builder pollLimit(int pollLimit) {
      this.pollLimit = pollLimit;
      return this;
    }

    /** How long one attempt waits for its answer (a poll: its timeout and then this); default 15 s. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /** How long a connection (or a free one of the pool) is waited for; default 5 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long after it started a call may begin another retry; default 60 s. Polls of {@code updates()} never stop. */
    public Builder retryFor(Duration retryFor) {
      this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
      return this;
    }

    /** The backoff's first ceiling and its highest; default 100 ms doubling up to 5 s, each wait in the upper half. */
    public Builder backoff(Duration first, Duration max) {
      this.backoffFirst = Objects.requireNonNull(first, "first");
      this.backoffMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /** The longest {@code Retry-After} honoured; a longer one waits this long; default 30 s. */
    public Builder longestRetryAfter(Duration longestRetryAfter) {
      this.longestRetryAfter = Objects.requireNonNull(longestRetryAfter, "longestRetryAfter");
      return this;
    }

    /** Connections open at once per node, parked polls included; default 64. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /** Event-loop threads; default the cores, at most 4. */
    public Builder eventLoopThreads(int eventLoopThreads) {
      this.eventLoopThreads = eventLoopThreads;
      return this;
    }

    /**
     * A new client with its own connections and event loops. Reads the system's random source once
     * (for its clientMsgIds), so call it off the event loops.
     *
     * @throws IllegalArgumentException when a setting is out of range or a base URL or token is missing
     */
    public PerchClient build() {
      return ReactorPerchClient.start(new Settings(baseUrls, tokens, pollTimeout, pollLimit, requestTimeout,
          connectTimeout, retryFor, new Backoff(backoffFirst, backoffMax), longestRetryAfter, maxConnections,
          eventLoopThreads));
    }
  }
}
