package dev.perch.loadgen.target;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Perch over its public API. Recipient {@code i} is user {@code <prefix>-r<i>}, polling
 * {@code GET /v1/updates} on node {@code i mod nodes}; messages to it are sent there by one of
 * {@code senders} users {@code <prefix>-s<k>} with {@code POST /v1/messages}, so several
 * independent embedded nodes can share one run. Tokens are minted from the server's secret.
 */
public final class PerchTarget implements Target {

  private static final Duration TOKEN_TTL = Duration.ofHours(24);

  private final String prefix;
  private final int pollLimit;
  private final Hs256Tokens tokens;
  private final List<Endpoint> nodes = new ArrayList<>();
  private final List<HttpClient[]> senders = new ArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * @param urls one base URL per node
   * @param prefix names this run's users: fresh streams for every run
   * @param senderCount sender users per node, taking turns
   * @param pollLimit {@code limit} on each poll (Perch allows up to 500)
   */
  public PerchTarget(List<String> urls, byte[] secret, String prefix, int senderCount, int pollLimit, ClientOptions options) {
    this.prefix = prefix;
    this.pollLimit = pollLimit;
    this.tokens = new Hs256Tokens(secret);
    for (String url : urls) {
      Endpoint node = new Endpoint(url, options);
      nodes.add(node);
      HttpClient[] clients = new HttpClient[senderCount];
      for (int k = 0; k < senderCount; k++) {
        String auth = bearer(prefix + "-s" + k);
        clients[k] = node.publishes().headers(h -> h.set("Authorization", auth).set("Content-Type", "application/json"));
      }
      senders.add(clients);
    }
  }

  @Override
  public String name() {
    return "perch";
  }

  @Override
  public Mono<Void> publish(int recipient, String payload) {
    return Mono.defer(() -> {
      long n = published.incrementAndGet();
      HttpClient[] nodeSenders = senders.get(recipient % nodes.size());
      ObjectNode body = json.createObjectNode()
          .put("to", user(recipient))
          .put("text", payload)
          .put("clientMsgId", prefix + "-m" + n);
      byte[] bytes = json.writeValueAsBytes(body);
      return nodeSenders[(int) (n % nodeSenders.length)]
          .post()
          .uri("/v1/messages")
          .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
          .responseSingle((response, content) -> {
            int status = response.status().code();
            if (status == 201) {
              return content.then();
            }
            return content.asString().defaultIfEmpty("")
                .flatMap(text -> Mono.error(new HttpStatusException("POST /v1/messages", status, text)));
          });
    });
  }

  @Override
  public Inbox inbox(int recipient) {
    HttpClient client = nodes.get(recipient % nodes.size()).polls()
        .headers(h -> h.set("Authorization", bearer(user(recipient))));
    return new PerchInbox(client, pollLimit, json);
  }

  @Override
  public long pollsSent() {
    return nodes.stream().mapToLong(Endpoint::pollsSent).sum();
  }

  @Override
  public void close() {
    nodes.forEach(Endpoint::close);
  }

  private String user(int recipient) {
    return prefix + "-r" + recipient;
  }

  private String bearer(String user) {
    return "Bearer " + tokens.mint(user, Instant.now(), TOKEN_TTL);
  }
}
