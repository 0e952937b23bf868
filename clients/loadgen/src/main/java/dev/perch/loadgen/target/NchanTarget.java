package dev.perch.loadgen.target;

import dev.perch.loadgen.http.HttpEndpoint;
import dev.perch.loadgen.http.IoThreads;
import dev.perch.loadgen.report.Report;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;

/**
 * Nchan as dev/nchan.sh runs it: recipient {@code i} is channel {@code <prefix>-r<i>}, published
 * with {@code POST /pub/<channel>} and long-polled with {@code GET /sub/<channel>}. Requests are
 * rendered from bytes prepared once; only the numbers are written per message.
 */
public final class NchanTarget implements Target {

  private final IoThreads threads = new IoThreads();
  private final HttpEndpoint endpoint;
  private final Publishes publishes;
  private final ClientOptions options;
  private final byte[] publishPath;
  private final byte[] publishHead;
  private final String subscribePath;
  private final String subscribeHead;

  public NchanTarget(String url, String prefix, ClientOptions options) {
    this.options = options;
    this.endpoint = new HttpEndpoint(url, threads, options.sourceAddresses() > 1 ? new SourceAddresses(options.sourceAddresses()) : null);
    this.publishes = new Publishes(new HttpEndpoint(url, threads, null), options.publishConnections());
    String host = endpoint.hostHeader();
    this.publishPath = Ascii.bytes("POST /pub/" + prefix + "-r");
    this.publishHead = Ascii.bytes(" HTTP/1.1\r\n" + host + "Content-Type: text/plain\r\nContent-Length: ");
    this.subscribePath = "GET /sub/" + prefix + "-r";
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
    int length = Payload.length(id, dueNanos);
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(publishPath.length + publishHead.length + length + 32);
    out.writeBytes(publishPath);
    Ascii.writeLong(out, recipient);
    out.writeBytes(publishHead);
    Ascii.writeLong(out, length);
    out.writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n');
    Payload.write(out, id, dueNanos);
    publishes.send(out, recipient, id, "POST /pub", ack);
  }

  @Override
  public Poller poll(int recipient, Duration timeout, Receiver receiver, PollStats stats) {
    byte[] head = Ascii.bytes(subscribePath + recipient + subscribeHead);
    Poller poller = new Poller(new NchanInbox(recipient, head), endpoint.connection(), receiver, stats);
    poller.start();
    return poller;
  }

  @Override
  public void close() {
    publishes.close();
    threads.close();
  }
}
