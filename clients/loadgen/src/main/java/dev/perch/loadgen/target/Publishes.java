package dev.perch.loadgen.target;

import dev.perch.loadgen.http.Exchange;
import dev.perch.loadgen.http.HttpConnection;
import dev.perch.loadgen.http.HttpEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keep-alive connections one server's publishes share, taken in turn; a publish waits in its
 * connection's queue while an earlier one is answered, and that wait counts in its latency.
 */
final class Publishes implements AutoCloseable {

  private final HttpConnection[] connections;
  private final AtomicInteger next = new AtomicInteger();

  Publishes(HttpEndpoint endpoint, int count) {
    connections = new HttpConnection[count];
    for (int i = 0; i < count; i++) {
      connections[i] = endpoint.connection();
    }
  }

  /**
   * Sends {@code request} (which this takes over) for message {@code id} to {@code recipient};
   * {@code ack} hears of 201 and 202 as acknowledged, of anything else as failed ({@code what}
   * names the request in the error).
   */
  void send(ByteBuf request, int recipient, long id, String what, Acknowledgement ack) {
    HttpConnection connection = connections[Math.floorMod(next.getAndIncrement(), connections.length)];
    connection.send(request, new Answer(recipient, id, what, ack));
  }

  @Override
  public void close() {
    for (HttpConnection connection : connections) {
      connection.close();
    }
  }

  /** One publish's outcome, passed on to its acknowledgement. */
  private record Answer(int recipient, long id, String what, Acknowledgement ack) implements Exchange {

    @Override
    public void answered(FullHttpResponse response, long arrivedNanos) {
      int status = response.status().code();
      if (status == 201 || status == 202) {
        ack.acknowledged(recipient, id);
      } else {
        ack.failed(recipient, id, new HttpStatusException(what, status, response.content().toString(StandardCharsets.UTF_8)));
      }
    }

    @Override
    public void failed(Throwable error) {
      ack.failed(recipient, id, error);
    }
  }
}
