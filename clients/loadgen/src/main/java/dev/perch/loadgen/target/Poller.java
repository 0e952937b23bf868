package dev.perch.loadgen.target;

import dev.perch.loadgen.http.Exchange;
import dev.perch.loadgen.http.HttpConnection;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One recipient's long-poll loop on a keep-alive connection of its own: sends a poll, reads the
 * answer into the {@link Receiver}, polls again at once. A failed poll is counted and sent again
 * after a short pause, from the same resume point. Runs on the connection's I/O thread.
 */
public final class Poller implements Exchange, AutoCloseable {

  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final Inbox inbox;
  private final HttpConnection connection;
  private final Receiver receiver;
  private final PollStats stats;
  private volatile boolean running = true;

  Poller(Inbox inbox, HttpConnection connection, Receiver receiver, PollStats stats) {
    this.inbox = inbox;
    this.connection = connection;
    this.receiver = receiver;
    this.stats = stats;
  }

  /** Sends the first poll. */
  void start() {
    connection.loop().execute(this::poll);
  }

  @Override
  public void written() {
    stats.countSent();
  }

  @Override
  public void answered(FullHttpResponse response, long arrivedNanos) {
    if (!running) {
      return;
    }
    try {
      inbox.read(response, arrivedNanos, receiver);
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    stats.countAnswer();
    poll();
  }

  @Override
  public void failed(Throwable error) {
    if (running) {
      stats.countError(error);
      connection.loop().schedule(this::poll, RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the loop and closes its connection, cancelling the poll in flight. */
  @Override
  public void close() {
    running = false;
    connection.close();
  }

  private void poll() {
    if (running) {
      connection.send(inbox.request(PooledByteBufAllocator.DEFAULT), this);
    }
  }
}
