package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;
import dev.perch.model.UserId;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;

/**
 * One request as a handler sees it: the caller (authenticated, but on a public route), the route's
 * path variables, the query and the body. Not thread-safe; lives for one request.
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

  /** The user of the request's verified bearer token; null on a public route, which asks for none. */
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

  /**
   * The value of header {@code name}, or null without one.
   *
   * @throws RequestRefused 400 {@code code} when the request has it more than once
   */
  public String header(CharSequence name, String code) {
    List<String> values = request.requestHeaders().getAll(name);
    if (values.size() > 1) {
      throw RequestRefused.badRequest(code, "The request has more than one " + name + " header.");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every {@code name} header's value joined by commas (a list header, like {@code Accept}); null without one. */
  public String listHeader(CharSequence name) {
    List<String> values = request.requestHeaders().getAll(name);
    return values.isEmpty() ? null : String.join(",", values);
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
