package dev.perch.api.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 {@code application/problem+json} bodies: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and Perch's stable {@code code}. Used by the
 * exception handler and by the security entry points, so every error has the same shape.
 */
@Component
public final class ProblemWriter {

  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
    ServerHttpResponse response = exchange.getResponse();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title(status));
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getPath().value());
    body.put("code", code);
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(json.writeValueAsBytes(body))));
  }

  private static String title(HttpStatusCode status) {
    return status instanceof org.springframework.http.HttpStatus known ? known.getReasonPhrase() : "Error";
  }
}
