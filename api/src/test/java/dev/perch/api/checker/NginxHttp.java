package dev.perch.api.checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests through nginx that show what the checker's {@link PerchHttp} does not: the headers nginx
 * adds ({@code X-Perch-Upstream}, {@code Retry-After}) and a stream's lines as they arrive. Every
 * call is bounded; blocking calls are for test threads only.
 */
final class NginxHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One answer: its status, the node that served it ({@code X-Perch-Upstream}, "" when none did),
   * its {@code Content-Type} and {@code Retry-After} ("" when absent), and its body as sent.
   */
  record Answer(int status, String upstream, String contentType, String retryAfter, String text) {

    /** The body as JSON, or null when it is not JSON. */
    JsonNode body() {
      return contentType.contains("json") && !text.isEmpty() ? JSON.readTree(text) : null;
    }

    /** The problem's {@code code}, or "" when the answer has none. */
    String code() {
      JsonNode body = body();
      return body != null && body.has("code") ? body.get("code").asText() : "";
    }
  }

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  /** @param token a bearer token, or null for none */
  Answer get(String url, String token) {
    return exchange(request(url, token).GET().build());
  }

  Answer post(String url, String token, String json) {
    return exchange(request(url, token).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json)).build());
  }

  /** Opens a server-sent event stream; its lines arrive in {@link Lines#next}. */
  Lines stream(String url, String token) {
    Lines lines = new Lines();
    client.sendAsync(request(url, token).timeout(Duration.ofMinutes(5)).header("Accept", "text/event-stream").GET().build(),
        BodyHandlers.fromLineSubscriber(lines));
    return lines;
  }

  private static HttpRequest.Builder request(String url, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private Answer exchange(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
      return new Answer(response.statusCode(), header(response, "X-Perch-Upstream"), header(response, "Content-Type"),
          header(response, "Retry-After"), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  /** The lines of one streamed answer, as they arrive; {@link #close} ends the stream. */
  static final class Lines implements Flow.Subscriber<String>, AutoCloseable {

    private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    /** The next line within {@code timeout}, or null if none came. */
    String next(Duration timeout) throws InterruptedException {
      return arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      arrived.add(line);
    }

    @Override
    public void onError(Throwable error) {
      arrived.add("(stream failed: " + error + ")");
    }

    @Override
    public void onComplete() {
      arrived.add("(stream ended)");
    }

    @Override
    public void close() {
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
      }
    }
  }
}
