package dev.perch.loadgen.target;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Nchan as dev/nchan.sh runs it: recipient {@code i} is channel {@code <prefix>-r<i>}, published
 * with {@code POST /pub/<channel>} and long-polled with {@code GET /sub/<channel>}.
 */
public final class NchanTarget implements Target {

  private final String prefix;
  private final Endpoint endpoint;
  private final HttpClient publishes;

  public NchanTarget(String url, String prefix, ClientOptions options) {
    this.prefix = prefix;
    this.endpoint = new Endpoint(url, options);
    this.publishes = endpoint.publishes().headers(h -> h.set("Content-Type", "text/plain"));
  }

  @Override
  public String name() {
    return "nchan";
  }

  @Override
  public Mono<Void> publish(int recipient, String payload) {
    return Mono.defer(() -> {
      byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
      return publishes.post()
          .uri("/pub/" + channel(recipient))
          .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
          .responseSingle((response, content) -> {
            int status = response.status().code();
            // 201: delivered to subscribers present; 202: queued with none present.
            if (status == 201 || status == 202) {
              return content.then();
            }
            return content.asString().defaultIfEmpty("")
                .flatMap(text -> Mono.error(new HttpStatusException("POST /pub", status, text)));
          });
    });
  }

  @Override
  public Inbox inbox(int recipient) {
    return new NchanInbox(endpoint.polls(), "/sub/" + channel(recipient));
  }

  @Override
  public long pollsSent() {
    return endpoint.pollsSent();
  }

  @Override
  public void close() {
    endpoint.close();
  }

  private String channel(int recipient) {
    return prefix + "-r" + recipient;
  }
}
