package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow and silent clients are cut by the header deadline (1 s here), the keep-alive idle timeout
 * (6 s) and the body timeout (1 s), while normal requests go on, a poll parked meanwhile is
 * answered by a send, a poll parked longer than all of them is answered at its own timeout, and a
 * kept-alive connection is closed once idle for the idle timeout after its last answer.
 */
@TightLimits
class SlowClientIT extends ApiTestSupport {

  private static final Duration CUT_WITHIN = Duration.ofSeconds(20);

  private final ScheduledExecutorService drip = Executors.newScheduledThreadPool(4);
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    drip.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void slowAndSilentClientsAreClosedWhileOthersAreServed() throws IOException {
    String bob = freshUser("bob");
    String poll = "GET /v1/updates?timeout=30 HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer " + token(bob) + "\r\n\r\n";
    Socket silent = open();
    long slowHeadersFrom = System.nanoTime();
    Socket slowHeaders = trickle("GET /v1/updates HTTP/1.1\r\nHost: perch\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n");
    Socket slowBody = trickleAfter("POST /v1/messages HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer "
        + token(freshUser("alice")) + "\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n", "x".repeat(300));
    Socket parked = open();
    parked.getOutputStream().write(poll.getBytes(StandardCharsets.US_ASCII));

    await().atMost(CUT_WITHIN).until(() -> isClosed(slowHeaders));
    // Reactor Netty's idle timeout would cut it too, but only after 6 s: the header deadline did.
    assertThat(Duration.ofNanos(System.nanoTime() - slowHeadersFrom)).isLessThan(Duration.ofSeconds(5));
    for (Socket cut : List.of(silent, slowBody)) {
      await().atMost(CUT_WITHIN).until(() -> isClosed(cut));
    }
    send(freshUser("carol"), bob, "normal requests go on").expectStatus().isCreated();

    RawHttp.Answer answer = RawHttp.read(parked.getInputStream(), poll.getBytes(StandardCharsets.US_ASCII));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("normal requests go on");
  }

  @Test
  void aPollParkedLongerThanEveryConnectionTimeoutIsAnsweredAtItsOwnTimeout() throws IOException {
    Socket parked = open();
    byte[] poll = ("GET /v1/updates?timeout=7 HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer "
        + token(freshUser("bob")) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    parked.getOutputStream().write(poll);
    long parkedAt = System.nanoTime();

    RawHttp.Answer answer = RawHttp.read(parked.getInputStream(), poll);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("\"updates\":[]");
    assertThat(Duration.ofNanos(System.nanoTime() - parkedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(6_900));
  }

  @Test
  void aKeptAliveConnectionIsClosedByTheIdleTimeoutCountedFromItsLastAnswer() throws IOException {
    Socket kept = open();
    String poll = "GET /v1/updates?timeout=2 HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer "
        + token(freshUser("bob")) + "\r\n\r\n";
    kept.getOutputStream().write(poll.getBytes(StandardCharsets.US_ASCII));
    RawHttp.Answer answer = RawHttp.read(kept.getInputStream(), poll.getBytes(StandardCharsets.US_ASCII));
    assertThat(answer.status()).isEqualTo(200);
    long answeredAt = System.nanoTime();

    await().atMost(CUT_WITHIN).until(() -> isClosed(kept));

    // Idle for 6 s after a 2 s poll: neither the 1 s header deadline nor a count from the request's start cut it.
    assertThat(Duration.ofNanos(System.nanoTime() - answeredAt)).isGreaterThanOrEqualTo(Duration.ofMillis(5_900));
  }

  private Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) CUT_WITHIN.toMillis());
    sockets.add(socket);
    return socket;
  }

  /** A connection that writes {@code text} one byte every 100 ms. */
  private Socket trickle(String text) throws IOException {
    return trickleAfter("", text);
  }

  /** A connection that writes {@code head} at once, then {@code tail} one byte every 100 ms. */
  private Socket trickleAfter(String head, String tail) throws IOException {
    Socket socket = open();
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = tail.getBytes(StandardCharsets.US_ASCII);
    AtomicInteger next = new AtomicInteger();
    drip.scheduleAtFixedRate(() -> {
      int at = next.getAndIncrement();
      if (at < bytes.length) {
        try {
          out.write(bytes[at]);
        } catch (IOException closed) {
          next.set(bytes.length);
        }
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
    return socket;
  }

  /** Whether the server closed {@code socket}: end of stream or reset, not just nothing to read yet. */
  private static boolean isClosed(Socket socket) throws IOException {
    socket.setSoTimeout(100);
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      socket.setSoTimeout((int) CUT_WITHIN.toMillis());
    }
  }
}
