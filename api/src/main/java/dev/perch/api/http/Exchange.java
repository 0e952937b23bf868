package dev.perch.api.http;

import dev.perch.model.UserId;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;

/**
 * One authenticated request as a handler sees it: the caller, the route's path variables, the
 * query and the body. Not thread-safe; lives for one request.
 */
public final class Exchange {

  private final HttpServerRequest request;
  private final UserId caller;
  private final Map<String, String> variables;
  private final JsonBody bodies;
  private QueryString query;

  Exchange(HttpServerRequest request, UserId caller, Map<String, String> variables, JsonBody bodies) {
    this.request = request;
    this.caller = caller;
    this.variables = variables;
    this.bodies = bodies;
  }

  /** The user of the request's verified bearer token. */
  public UserId caller() {
    return caller;
  }

  /** The value of the route's {@code {name}} segment. */
  public String pathVariable(String name) {
    return variables.get(name);
  }

  public QueryString query() {
    if (query == null) {
      query = QueryString.ofUri(request.uri());
    }
    return query;
  }

  /** Where this request's connection does its work: its event loop, as a scheduler. */
  public Scheduler loop() {
    return EventLoopSchedulers.of(((Connection) request).channel().eventLoop());
  }

  /** The JSON body as a {@code type} (see {@link JsonBody}). */
  public <T> Mono<T> body(Class<T> type) {
    return bodies.read(request, type);
  }
}
