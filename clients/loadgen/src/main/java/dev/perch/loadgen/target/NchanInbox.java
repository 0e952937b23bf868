package dev.perch.loadgen.target;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * An Nchan channel's long-poll subscriber. Each request resumes after the last message received:
 * {@code If-Modified-Since} and {@code If-None-Match} carry the previous answer's
 * {@code Last-Modified} and {@code Etag}. The first request asks for the oldest buffered message
 * (a time before any message, tag 0). Several buffered messages come in one answer, separated by
 * newlines ({@code nchan_longpoll_multipart_response raw} in dev/nchan/nginx.conf); a timed-out
 * poll answers 304 or 408.
 */
final class NchanInbox implements Inbox {

  static final String OLDEST_TIME = "Thu, 01 Jan 1970 00:00:01 GMT";

  private final HttpClient client;
  private final String path;
  private volatile String lastModified = OLDEST_TIME;
  private volatile String etag = "0";

  NchanInbox(HttpClient client, String path) {
    this.client = client;
    this.path = path;
  }

  @Override
  public Mono<Batch> poll(Duration timeout) {
    return Mono.defer(() -> client.request(HttpMethod.GET)
        .uri(path)
        .send((request, out) -> {
          request.header("If-Modified-Since", lastModified).header("If-None-Match", etag);
          return out;
        })
        .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
          long arrived = System.nanoTime();
          int status = response.status().code();
          if (status == 304 || status == 408) {
            return new Batch(arrived, List.of());
          }
          String body = new String(bytes, StandardCharsets.UTF_8);
          if (status != 200) {
            throw new HttpStatusException("GET /sub", status, body);
          }
          String modified = response.responseHeaders().get("Last-Modified");
          String tag = response.responseHeaders().get("Etag");
          if (modified == null || tag == null) {
            throw new HttpStatusException("GET /sub without Last-Modified/Etag", status, body);
          }
          lastModified = modified;
          etag = tag;
          return new Batch(arrived, items(body, modified, tag));
        })));
  }

  /** The newline-separated messages of one answer, each placed after the previous answer's. */
  static List<Received> items(String body, String lastModified, String etag) {
    long seconds = ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    long tag = Long.parseLong(etag.replace("\"", "").trim());
    List<Received> items = new ArrayList<>();
    int index = 0;
    for (String part : body.split("\n")) {
      if (!part.isEmpty()) {
        items.add(new Received(part, new Position(seconds, (tag << 16) | index++)));
      }
    }
    return items;
  }
}
