package dev.perch.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link PerchClient} over {@link Transport}; see there for the contract. */
final class ReactorPerchClient implements PerchClient {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final byte[] EMPTY = new byte[0];

  private final Settings settings;
  private final Transport transport;
  private final Retrying retrying;
  private final ClientMsgIds clientMsgIds;
  private final Tokens tokens;
  private final boolean ownsTransport;

  private ReactorPerchClient(Settings settings, Transport transport, ClientMsgIds clientMsgIds, Tokens tokens,
      boolean ownsTransport) {
    this.settings = settings;
    this.transport = transport;
    this.retrying = new Retrying(new RetryPolicy(settings.backoff(), settings.longestRetryAfter()));
    this.clientMsgIds = clientMsgIds;
    this.tokens = tokens;
    this.ownsTransport = ownsTransport;
  }

  static PerchClient start(Settings settings) {
    Transport transport = new Transport(new Nodes(settings.baseUrls()), settings.eventLoopThreads(),
        settings.maxConnections(), settings.connectTimeout());
    return new ReactorPerchClient(settings, transport, new ClientMsgIds(), new Tokens(settings.tokens()), true);
  }

  @Override
  public Mono<Message> send(String to, String text) {
    return send(to, text, clientMsgIds.next());
  }

  @Override
  public Mono<Message> send(String to, String text, String clientMsgId) {
    return sendTo("to", to, text, clientMsgId);
  }

  @Override
  public Mono<Message> sendToGroup(String groupId, String text) {
    return sendToGroup(groupId, text, clientMsgIds.next());
  }

  @Override
  public Mono<Message> sendToGroup(String groupId, String text, String clientMsgId) {
    return sendTo("group", groupId, text, clientMsgId);
  }

  private Mono<Message> sendTo(String field, String recipient, String text, String clientMsgId) {
    byte[] body = Wire.send(field, Objects.requireNonNull(recipient, field), Objects.requireNonNull(text, "text"),
        Objects.requireNonNull(clientMsgId, "clientMsgId"));
    return repeatable(Request.post("/v1/messages", body, settings.requestTimeout())).map(Wire::message);
  }

  @Override
  public Flux<Update> updates(Long cursor) {
    return updates(cursor, EnumSet.allOf(Update.Type.class));
  }

  @Override
  public Flux<Update> updates(Long cursor, Set<Update.Type> types) {
    String typesParameter = typesParameter(types);
    return Flux.defer(() -> {
      StreamPosition position = new StreamPosition(cursor);
      return Mono.defer(() -> retrying.retried(once(pollRequest(position.cursor(), settings.pollTimeout(),
              typesParameter, settings.pollAnswerTimeout())), null))
          .map(Wire::batch)
          .flatMapIterable(position::advance)
          .repeat();
    });
  }

  @Override
  public Mono<UpdateBatch> poll(Long cursor, Duration timeout) {
    Settings.checkPollTimeout(timeout);
    return repeatable(pollRequest(cursor, timeout, "", timeout.plus(settings.requestTimeout()))).map(Wire::batch);
  }

  @Override
  public Mono<HistoryPage> history(String conversationId, Long before, int limit) {
    return repeatable(Request.get("/v1/conversations/" + conversationId + "/messages?limit=" + limit
        + (before == null ? "" : "&before=" + before), settings.requestTimeout())).map(Wire::history);
  }

  @Override
  public Mono<List<Conversation>> conversations(int limit) {
    return repeatable(Request.get("/v1/conversations?limit=" + limit, settings.requestTimeout()))
        .map(Wire::conversations);
  }

  @Override
  public Mono<Group> createGroup(String name, Collection<String> members) {
    return once(Request.post("/v1/groups", Wire.newGroup(name, members), settings.requestTimeout())).map(Wire::group);
  }

  @Override
  public Mono<Group> group(String groupId) {
    return repeatable(Request.get("/v1/groups/" + groupId, settings.requestTimeout())).map(Wire::group);
  }

  @Override
  public Mono<Group> changeMembers(String groupId, Collection<String> add, Collection<String> remove) {
    return repeatable(Request.post("/v1/groups/" + groupId + "/members", Wire.memberChange(add, remove),
        settings.requestTimeout())).map(Wire::group);
  }

  @Override
  public Mono<Group> leaveGroup(String groupId) {
    return once(Request.post("/v1/groups/" + groupId + "/leave", EMPTY, settings.requestTimeout())).map(Wire::group);
  }

  @Override
  public Mono<ReadMarker> markRead(String conversationId, long upTo) {
    return repeatable(Request.post("/v1/conversations/" + conversationId + "/read", Wire.readUpTo(upTo),
        settings.requestTimeout())).map(Wire::readMarker);
  }

  @Override
  public PerchClient withTokens(Supplier<Mono<String>> tokens) {
    return new ReactorPerchClient(settings, transport, clientMsgIds, new Tokens(Objects.requireNonNull(tokens)), false);
  }

  @Override
  public void close() {
    if (ownsTransport) {
      transport.close(CLOSE_TIMEOUT).block(CLOSE_TIMEOUT.multipliedBy(2));
    }
  }

  private Mono<byte[]> repeatable(Request request) {
    return retrying.retried(once(request), settings.retryFor());
  }

  /**
   * One attempt with the current token, and once more with a refreshed one after a 401: the body
   * of a 2xx, or the {@link PerchException} of any other answer.
   */
  private Mono<byte[]> once(Request request) {
    return Mono.defer(() -> {
      Mono<String> token = tokens.current();
      return token.flatMap(t -> transport.exchange(request, t))
          .flatMap(answer -> answer.status() == 401
              ? tokens.refreshAfter(token).flatMap(t -> transport.exchange(request, t))
              : Mono.just(answer))
          .flatMap(answer -> answer.ok()
              ? Mono.just(answer.body())
              : Mono.error(Wire.problem(answer.status(), answer.body(),
                  RetryAfter.parse(answer.retryAfter(), Instant.now()))));
    });
  }

  private Request pollRequest(Long cursor, Duration timeout, String typesParameter, Duration answerTimeout) {
    return Request.get("/v1/updates?" + (cursor == null ? "" : "cursor=" + cursor + "&") + "timeout="
        + timeout.toSeconds() + "&limit=" + settings.pollLimit() + typesParameter, answerTimeout);
  }

  /** {@code &types=...}, or nothing when every type is asked for. */
  private static String typesParameter(Set<Update.Type> types) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("at least one update type");
    }
    return types.containsAll(EnumSet.allOf(Update.Type.class))
        ? ""
        : "&types=" + types.stream().map(Update.Type::wireName).sorted().collect(Collectors.joining(","));
  }
}
