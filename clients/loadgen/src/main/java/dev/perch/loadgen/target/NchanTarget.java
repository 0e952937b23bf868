package dev.perch.loadgen.target;

import dev.perch.loadgen.http.HttpEndpoint;
import dev.perch.loadgen.http.IoThreads;
import dev.perch.loadgen.report.Report;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Nchan as dev/nchan.sh runs it: recipient {@code i} is channel {@code <prefix>-r<i>}, published
 * with {@code POST /pub/<channel>} and long-polled with {@code GET /sub/<channel>}; group {@code g}
 * is channel {@code <prefix>-g<g>}, long-polled by every member (Nchan's channel fan-out). Requests are
 * rendered from bytes prepared once; only the numbers are written per message.
 */
public final class NchanTarget implements Target {

  /** The primer's message id: no run's, so ledgers count it as foreign. */
  static final long PRIMER_ID = -1;
  private static final Duration PRIMER_LIMIT = Duration.ofSeconds(10);

  private final IoThreads threads = new IoThreads();
  private final HttpEndpoint endpoint;
  private final Publishes publishes;
  private final ClientOptions options;
  private final byte[] publishPath;
  private final byte[] groupPublishPath;
  private final byte[] publishHead;
  private final String subscribePath;
  private final String groupSubscribePath;
  private final String subscribeHead;

  public NchanTarget(String url, String prefix, ClientOptions options) {
    this.options = options;
    this.endpoint = new HttpEndpoint(url, threads, options.sourceAddresses() > 1 ? new SourceAddresses(options.sourceAddresses()) : null);
    this.publishes = new Publishes(new HttpEndpoint(url, threads, null), options.publishConnections());
    String host = endpoint.hostHeader();
    this.publishPath = Ascii.bytes("POST /pub/" + prefix + "-r");
    this.groupPublishPath = Ascii.bytes("POST /pub/" + prefix + "-g");
    this.publishHead = Ascii.bytes(" HTTP/1.1\r\n" + host + "Content-Type: text/plain\r\nContent-Length: ");
    this.subscribePath = "GET /sub/" + prefix + "-r";
    this.groupSubscribePath = "GET /sub/" + prefix + "-g";
    this.subscribeHead = " HTTP/1.1\r\n" + host + "If-Modified-Since: ";
  }

  @Override
  public String name() {
    return "nchan";
  }

  @Override
  public void describe(Report report) {
    report.param("publish_connections", options.publishConnections());
  }

  @Override
  public void publish(int recipient, long id, long dueNanos, Acknowledgement ack) {
    publish(publishPath, recipient, id, dueNanos, ack);
  }

  /**
   * Publishes a primer to the group's channel, which every member then receives first and the
   * run's ledger passes over (its id, -1, is none of the run's). Nchan 1.3's memory store crashes a
   * worker ({@code spool_fetch_msg} assertion, slact/nchan#534) when several subscribers wait from
   * the oldest message of a channel that has none yet; with one message there, they wait after it.
   */
  @Override
  public void formGroup(int group, int firstMember, int members) {
    if (members < 1) {
      throw new IllegalArgumentException("a group has members");
    }
    CompletableFuture<Void> primed = new CompletableFuture<>();
    publishToGroup(group, PRIMER_ID, 0, new Acknowledgement() {
      @Override
      public void acknowledged(int recipient, long id) {
        primed.complete(null);
      }

      @Override
      public void failed(int recipient, long id, Throwable error) {
        primed.completeExceptionally(error);
      }
    });
    SetUp.await(primed, PRIMER_LIMIT, "the group channel's primer");
  }

  @Override
  public void publishToGroup(int group, long id, long dueNanos, Acknowledgement ack) {
    publish(groupPublishPath, group, id, dueNanos, ack);
  }

  /** {@code POST} to the channel named by {@code path} and {@code number}. */
  private void publish(byte[] path, int number, long id, long dueNanos, Acknowledgement ack) {
    int length = Payload.length(id, dueNanos);
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(path.length + publishHead.length + length + 32);
    out.writeBytes(path);
    Ascii.writeLong(out, number);
    out.writeBytes(publishHead);
    Ascii.writeLong(out, length);
    out.writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n');
    Payload.write(out, id, dueNanos);
    publishes.send(out, number, id, "POST /pub", ack);
  }

  @Override
  public Poller poll(int recipient, Duration timeout, Receiver receiver, PollStats stats) {
    byte[] head = Ascii.bytes(subscribePath + recipient + subscribeHead);
    Poller poller = new Poller(new NchanInbox(recipient, head), endpoint.connection(), receiver, stats);
    poller.start();
    return poller;
  }

  @Override
  public Poller pollGroup(int group, int member, Duration timeout, Receiver receiver, PollStats stats) {
    byte[] head = Ascii.bytes(groupSubscribePath + group + subscribeHead);
    Poller poller = new Poller(new NchanInbox(member, head), endpoint.connection(), receiver, stats);
    poller.start();
    return poller;
  }

  @Override
  public void close() {
    publishes.close();
    threads.close();
  }
}
