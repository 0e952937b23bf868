package dev.perch.loadgen.http;

import io.netty.handler.codec.http.FullHttpResponse;

/** What becomes of one request sent on an {@link HttpConnection}. Called on its I/O thread. */
public interface Exchange {

  /** The request was written to the connection. */
  default void written() {}

  /**
   * The whole response arrived at {@code arrivedNanos} ({@link System#nanoTime()}). The response
   * and its content are released when this returns.
   */
  void answered(FullHttpResponse response, long arrivedNanos);

  /** The request got no response: the connection failed, closed or timed out. */
  void failed(Throwable error);
}
