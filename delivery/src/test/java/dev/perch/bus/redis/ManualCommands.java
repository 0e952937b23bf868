package dev.perch.bus.redis;

import dev.perch.model.UserId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Records the commands a {@link Subscriptions} sends; each completes only when the test says so. */
final class ManualCommands implements Subscriptions.Commands {

  /** One command sent, and its reply to give. */
  record Sent(String command, UserId user, Sinks.Empty<Void> reply) {

    void ok() {
      reply.tryEmitEmpty().orThrow();
    }

    void fail() {
      reply.tryEmitError(new IllegalStateException("connection lost")).orThrow();
    }

    @Override
    public String toString() {
      return command + " " + user;
    }
  }

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public Mono<Void> subscribe(UserId user) {
    return send("SUBSCRIBE", user);
  }

  @Override
  public Mono<Void> unsubscribe(UserId user) {
    return send("UNSUBSCRIBE", user);
  }

  /** Every command sent so far, as {@code "SUBSCRIBE bob"}. */
  List<String> log() {
    return sent.stream().map(Sent::toString).toList();
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }

  private Mono<Void> send(String command, UserId user) {
    return Mono.defer(() -> {
      Sinks.Empty<Void> reply = Sinks.empty();
      sent.add(new Sent(command, user, reply));
      return reply.asMono();
    });
  }
}
