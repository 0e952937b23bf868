package dev.perch.loadgen.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.function.Supplier;

/**
 * One server's address ({@code http://host:port}) and how the generator connects to it: the I/O
 * threads and, optionally, the local address each new connection binds to.
 */
public final class HttpEndpoint {

  private final InetSocketAddress address;
  private final String hostHeader;
  private final IoThreads threads;
  private final Supplier<SocketAddress> localAddresses;

  /** @param localAddresses the source address of each new connection; null leaves it to the kernel */
  public HttpEndpoint(String baseUrl, IoThreads threads, Supplier<SocketAddress> localAddresses) {
    URI uri = URI.create(baseUrl);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http://host[:port] URL: " + baseUrl);
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    this.address = new InetSocketAddress(uri.getHost(), port);
    this.hostHeader = "Host: " + uri.getHost() + ":" + port + "\r\n";
    this.threads = threads;
    this.localAddresses = localAddresses;
  }

  /** A new connection on the next I/O thread; it connects when it is first given a request. */
  public HttpConnection connection() {
    return new HttpConnection(this, threads.next());
  }

  /** {@code Host: host:port\r\n}, for pre-rendered requests. */
  public String hostHeader() {
    return hostHeader;
  }

  InetSocketAddress address() {
    return address;
  }

  IoThreads threads() {
    return threads;
  }

  SocketAddress localAddress() {
    return localAddresses == null ? null : localAddresses.get();
  }
}
