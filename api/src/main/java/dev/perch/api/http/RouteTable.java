package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only place that knows Perch's paths. A template is {@code /}-separated literal segments and
 * {@code {name}} segments (one whole, non-empty segment each). A path no route matches is 404
 * {@code not_found}; a path some route matches with another method is 405
 * {@code method_not_allowed} with {@code Allow} naming the methods its routes take. A route needs
 * a bearer token unless added as public; a path that a public route matches and no other route does
 * needs none, whatever the method (so its 405 needs none either). Immutable and thread-safe once
 * built.
 */
public final class RouteTable {

  private final List<Route> routes;
  private final List<Route> publicRoutes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    this.publicRoutes = routes.stream().filter(route -> !route.authenticated()).toList();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a request to {@code path} must carry a valid bearer token: unless a public route matches
   * it and no authenticated one does (the public routes are looked at first, so most paths cost one
   * failed match here).
   */
  boolean needsToken(String path) {
    for (Route open : publicRoutes) {
      if (open.match(path) != null) {
        return routes.stream().anyMatch(route -> route.authenticated() && route.match(path) != null);
      }
    }
    return true;
  }

  /** Every route, in the order added. */
  public List<Endpoint> endpoints() {
    return routes.stream().map(route -> new Endpoint(route.method(), route.template(), route.authenticated())).toList();
  }

  /** The handler for {@code method} on {@code path}, with the path's variables. */
  Match resolve(HttpMethod method, String path) {
    Set<String> allowed = null;
    for (Route route : routes) {
      Map<String, String> variables = route.match(path);
      if (variables == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route.handler(), variables);
      }
      if (allowed == null) {
        allowed = new LinkedHashSet<>();
      }
      allowed.add(route.method().name());
    }
    if (allowed == null) {
      throw RequestRefused.notFound();
    }
    throw RequestRefused.methodNotAllowed(String.join(", ", allowed));
  }

  record Match(Handler handler, Map<String, String> variables) {}

  /** A route as documented: {@code method template}, and whether it needs a bearer token. */
  public record Endpoint(HttpMethod method, String template, boolean authenticated) {}

  private record Route(HttpMethod method, String template, String[] segments, Handler handler, boolean authenticated) {

    /** The variables when {@code path} fits this route's template, else null. */
    Map<String, String> match(String path) {
      if (path.length() < 2 || path.charAt(0) != '/') {
        return null;
      }
      Map<String, String> variables = Map.of();
      int at = 1;
      for (int i = 0; i < segments.length; i++) {
        int end = path.indexOf('/', at);
        if (end < 0) {
          end = path.length();
        }
        if ((end == path.length()) != (i == segments.length - 1) || end == at) {
          return null;
        }
        String segment = segments[i];
        if (segment.startsWith("{")) {
          variables = Map.of(segment.substring(1, segment.length() - 1), path.substring(at, end));
        } else if (!path.regionMatches(at, segment, 0, segment.length()) || end - at != segment.length()) {
          return null;
        }
        at = end + 1;
      }
      return variables;
    }
  }

  /** Collects routes in order; the first route that matches a path and method serves it. */
  public static final class Builder {

    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    /** Adds {@code method template}, for callers with a valid bearer token only. */
    public Builder route(HttpMethod method, String template, Handler handler) {
      return add(method, template, handler, true);
    }

    /** Adds {@code method template}, open to anyone: no token is asked for or looked at. */
    public Builder publicRoute(HttpMethod method, String template, Handler handler) {
      return add(method, template, handler, false);
    }

    /** A template has at most one {@code {name}} segment. */
    private Builder add(HttpMethod method, String template, Handler handler, boolean authenticated) {
      if (!template.startsWith("/") || template.endsWith("/")) {
        throw new IllegalArgumentException("a template starts with / and does not end with one: " + template);
      }
      String[] segments = template.substring(1).split("/");
      long variables = Arrays.stream(segments).filter(s -> s.startsWith("{")).count();
      if (variables > 1) {
        throw new IllegalArgumentException("at most one {variable} per template: " + template);
      }
      routes.add(new Route(method, template, segments, handler, authenticated));
      return this;
    }

    public RouteTable build() {
      return new RouteTable(routes);
    }
  }
}
