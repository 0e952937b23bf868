package dev.perch.loadgen.target;

import dev.perch.client.PerchClient;
import dev.perch.loadgen.http.HttpEndpoint;
import dev.perch.loadgen.http.IoThreads;
import dev.perch.loadgen.report.Report;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Perch over its public API. Recipient {@code i} is user {@code <prefix>-r<i>}, polling
 * {@code GET /v1/updates} on node {@code i mod nodes}; messages to it are sent there with
 * {@code POST /v1/messages} by sender users {@code <prefix>-s<k>} taking turns ({@code senders = 1}:
 * one account sends to every recipient). Group {@code g} ({@link #formGroup}) is made on node
 * {@code g mod nodes} by its first member, and its messages are sent there by its first
 * {@code senders} members in turn. Each account's token is minted once; requests are rendered from
 * bytes prepared once, with only the numbers written per message.
 *
 * <p>Groups are made with the Java client ({@code dev.perch.client}): set-up, not measured. Sends
 * and polls stay on the hand-rolled {@code http} package: the generator's cost per request must stay
 * small and steady (no objects built per answer, no operator chain), every failure must be counted
 * rather than retried away, and Nchan is driven by the same code, so the two compare fairly.
 */
public final class PerchTarget implements Target {

  private static final Duration TOKEN_TTL = Duration.ofHours(24);
  private static final Duration SET_UP_LIMIT = Duration.ofSeconds(10);

  private final IoThreads threads = new IoThreads();
  private final Hs256Tokens tokens;
  private final String prefix;
  private final int senderCount;
  private final int pollLimit;
  private final ClientOptions options;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Integer, GroupSend> groups = new ConcurrentHashMap<>();
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
    send(node, node.senderHeads[(int) (n % senderCount)], bodyTo, recipient, recipient, id, dueNanos, n, ack);
  }

  @Override
  public void formGroup(int group, int firstMember, int members) {
    if (members < 1) {
      throw new IllegalArgumentException("a group has members");
    }
    Node node = nodes.get(group % nodes.size());
    List<String> others = new ArrayList<>();
    for (int i = 1; i < members; i++) {
      others.add(member(firstMember + i));
    }
    String id;
    try {
      id = node.setUp.withToken(token(member(firstMember))).createGroup(prefix + "-g" + group, others).block(SET_UP_LIMIT).id();
    } catch (RuntimeException e) {
      throw new IllegalStateException("POST /v1/groups failed", e);
    }
    byte[][] heads = new byte[Math.min(senderCount, members)][];
    for (int k = 0; k < heads.length; k++) {
      heads[k] = node.messageHead(token(member(firstMember + k)));
    }
    groups.put(group, new GroupSend(node, Ascii.bytes("{\"group\":\"" + id), heads));
  }

  @Override
  public void publishToGroup(int group, long id, long dueNanos, Acknowledgement ack) {
    GroupSend send = groups.get(group);
    if (send == null) {
      throw new IllegalStateException("group " + group + " was not formed");
    }
    long n = published.getAndIncrement();
    send(send.node, send.heads[(int) (n % send.heads.length)], send.bodyGroup, -1, group, id, dueNanos, n, ack);
  }

  /**
   * Sends one message: {@code head}, then the body from {@code start} and {@code number} (none
   * when negative) to its clientMsgId, made from {@code n}.
   */
  private void send(Node node, byte[] head, byte[] start, int number, int recipient, long id, long dueNanos, long n,
      Acknowledgement ack) {
    int length = start.length + (number < 0 ? 0 : Ascii.length(number)) + bodyText.length + Payload.length(id, dueNanos)
        + bodyClientMsgId.length + Ascii.length(n) + bodyEnd.length;
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(head.length + 24 + length);
    out.writeBytes(head);
    Ascii.writeLong(out, length);
    out.writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n');
    out.writeBytes(start);
    if (number >= 0) {
      Ascii.writeLong(out, number);
    }
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
        + node.host + "Authorization: Bearer " + token(member(recipient)) + "\r\n\r\n");
    Poller poller = new Poller(new PerchInbox(recipient, tail), node.polls.connection(), receiver, stats);
    poller.start();
    return poller;
  }

  @Override
  public Poller pollGroup(int group, int member, Duration timeout, Receiver receiver, PollStats stats) {
    return poll(member, timeout, receiver, stats);
  }

  @Override
  public void close() {
    nodes.forEach(node -> {
      node.publishes.close();
      node.setUp.close();
    });
    threads.close();
  }

  private String member(int recipient) {
    return prefix + "-r" + recipient;
  }

  private String token(String user) {
    return tokens.mint(user, Instant.now(), TOKEN_TTL);
  }

  /**
   * One node: where its recipients poll, its publish connections, its senders' request heads, and
   * the Java client that makes its groups (set-up, not measured; built with the first sender's token,
   * each group made with its first member's).
   */
  private final class Node {
    final HttpEndpoint polls;
    final String host;
    final Publishes publishes;
    final byte[][] senderHeads;
    final PerchClient setUp;

    Node(String url, String[] senderTokens) {
      polls = new HttpEndpoint(url, threads, options.sourceAddresses() > 1 ? new SourceAddresses(options.sourceAddresses()) : null);
      host = polls.hostHeader();
      publishes = new Publishes(new HttpEndpoint(url, threads, null), options.publishConnections());
      senderHeads = new byte[senderTokens.length][];
      for (int k = 0; k < senderTokens.length; k++) {
        senderHeads[k] = messageHead(senderTokens[k]);
      }
      setUp = PerchClient.builder().baseUrl(url).token(senderTokens[0]).eventLoopThreads(1).maxConnections(4).build();
    }

    /** {@code POST /v1/messages} by the holder of {@code token}, up to the value of Content-Length. */
    byte[] messageHead(String token) {
      return Ascii.bytes("POST /v1/messages HTTP/1.1\r\n" + host + "Authorization: Bearer " + token
          + "\r\nContent-Type: application/json\r\nContent-Length: ");
    }
  }

  /** A formed group: the node its messages go to, its body's start, and its senders' request heads. */
  private record GroupSend(Node node, byte[] bodyGroup, byte[][] heads) {}
}
