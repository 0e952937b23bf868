package dev.perch.loadgen.target;

import dev.perch.loadgen.http.HttpEndpoint;
import dev.perch.loadgen.http.IoThreads;
import dev.perch.loadgen.report.Report;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Perch over its public API. Recipient {@code i} is user {@code <prefix>-r<i>}, polling
 * {@code GET /v1/updates} on node {@code i mod nodes}; messages to it are sent there with
 * {@code POST /v1/messages} by sender users {@code <prefix>-s<k>} taking turns ({@code senders = 1}:
 * one account sends to every recipient). Each account's token is minted once; requests are
 * rendered from bytes prepared once, with only the numbers written per message.
 */
public final class PerchTarget implements Target {

  private static final Duration TOKEN_TTL = Duration.ofHours(24);

  private final IoThreads threads = new IoThreads();
  private final Hs256Tokens tokens;
  private final String prefix;
  private final int senderCount;
  private final int pollLimit;
  private final ClientOptions options;
  private final List<Node> nodes = new ArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private final byte[] bodyTo;
  private final byte[] bodyText;
  private final byte[] bodyClientMsgId;
  private final byte[] bodyEnd = Ascii.bytes("\"}");

  /**
   * @param urls one base URL per node
   * @param prefix names this run's users: fresh streams for every run
   * @param senderCount sender users, taking turns; 1 sends everything from one account
   * @param pollLimit {@code limit} on each poll (Perch allows up to 500)
   */
  public PerchTarget(List<String> urls, byte[] secret, String prefix, int senderCount, int pollLimit, ClientOptions options) {
    if (senderCount < 1) {
      throw new IllegalArgumentException("at least one sender");
    }
    this.tokens = new Hs256Tokens(secret);
    this.prefix = prefix;
    this.senderCount = senderCount;
    this.pollLimit = pollLimit;
    this.options = options;
    String[] senderTokens = new String[senderCount];
    for (int k = 0; k < senderCount; k++) {
      senderTokens[k] = token(prefix + "-s" + k);
    }
    for (String url : urls) {
      nodes.add(new Node(url, senderTokens));
    }
    this.bodyTo = Ascii.bytes("{\"to\":\"" + prefix + "-r");
    this.bodyText = Ascii.bytes("\",\"text\":\"");
    this.bodyClientMsgId = Ascii.bytes("\",\"clientMsgId\":\"" + prefix + "-m");
  }

  @Override
  public String name() {
    return "perch";
  }

  @Override
  public void describe(Report report) {
    report.param("senders", senderCount)
        .param("nodes", nodes.size())
        .param("publish_connections", options.publishConnections());
  }

  @Override
  public void publish(int recipient, long id, long dueNanos, Acknowledgement ack) {
    long n = published.getAndIncrement();
    Node node = nodes.get(recipient % nodes.size());
    byte[] head = node.senderHeads[(int) (n % senderCount)];
    int length = bodyTo.length + Ascii.length(recipient) + bodyText.length + Payload.length(id, dueNanos)
        + bodyClientMsgId.length + Ascii.length(n) + bodyEnd.length;
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(head.length + 24 + length);
    out.writeBytes(head);
    Ascii.writeLong(out, length);
    out.writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n');
    out.writeBytes(bodyTo);
    Ascii.writeLong(out, recipient);
    out.writeBytes(bodyText);
    Payload.write(out, id, dueNanos);
    out.writeBytes(bodyClientMsgId);
    Ascii.writeLong(out, n);
    out.writeBytes(bodyEnd);
    node.publishes.send(out, recipient, id, "POST /v1/messages", ack);
  }

  @Override
  public Poller poll(int recipient, Duration timeout, Receiver receiver, PollStats stats) {
    Node node = nodes.get(recipient % nodes.size());
    byte[] tail = Ascii.bytes("&timeout=" + timeout.toSeconds() + "&limit=" + pollLimit + " HTTP/1.1\r\n"
        + node.polls.hostHeader() + "Authorization: Bearer " + token(prefix + "-r" + recipient) + "\r\n\r\n");
    Poller poller = new Poller(new PerchInbox(recipient, tail), node.polls.connection(), receiver, stats);
    poller.start();
    return poller;
  }

  @Override
  public void close() {
    nodes.forEach(node -> node.publishes.close());
    threads.close();
  }

  private String token(String user) {
    return tokens.mint(user, Instant.now(), TOKEN_TTL);
  }

  /** One node: where its recipients poll, its publish connections, and its senders' request heads. */
  private final class Node {
    final HttpEndpoint polls;
    final Publishes publishes;
    final byte[][] senderHeads;

    Node(String url, String[] senderTokens) {
      polls = new HttpEndpoint(url, threads, options.sourceAddresses() > 1 ? new SourceAddresses(options.sourceAddresses()) : null);
      HttpEndpoint sends = new HttpEndpoint(url, threads, null);
      publishes = new Publishes(sends, options.publishConnections());
      senderHeads = new byte[senderTokens.length][];
      for (int k = 0; k < senderTokens.length; k++) {
        senderHeads[k] = Ascii.bytes("POST /v1/messages HTTP/1.1\r\n" + sends.hostHeader() + "Authorization: Bearer "
            + senderTokens[k] + "\r\nContent-Type: application/json\r\nContent-Length: ");
      }
    }
  }
}
