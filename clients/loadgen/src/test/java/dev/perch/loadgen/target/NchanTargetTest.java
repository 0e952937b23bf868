package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NchanTargetTest {

  private static final String DATE = "Fri, 27 Nov 2026 21:03:34 GMT";

  @Test
  void publishesTheTextToTheRecipientsChannel() throws Exception {
    List<Long> acknowledged = new CopyOnWriteArrayList<>();
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(202, Map.of(), ""));
        NchanTarget target = new NchanTarget(server.url(), "lgt", new ClientOptions(1, 1))) {
      target.publish(12, 77, 123, new Acknowledgement() {
        @Override
        public void acknowledged(int recipient, long id) {
          acknowledged.add(id);
        }

        @Override
        public void failed(int recipient, long id, Throwable error) {}
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.size() == 1);

      FakeServer.Request request = server.requests.get(0);
      assertThat(request.uri()).isEqualTo("/pub/lgt-r12");
      assertThat(request.body()).isEqualTo("lg:77:123");
      assertThat(request.header("Content-Type")).isEqualTo("text/plain");
    }
  }

  @Test
  void aGroupIsOneChannelItsMembersAllPoll() throws Exception {
    List<Long> acknowledged = new CopyOnWriteArrayList<>();
    try (FakeServer server = new FakeServer(request -> request.method().equals("POST")
            ? new FakeServer.Answer(202, Map.of(), "")
            : new FakeServer.Answer(304, Map.of(), ""));
        NchanTarget target = new NchanTarget(server.url(), "lgt", new ClientOptions(1, 1))) {
      target.formGroup(4, 0, 2);
      target.publishToGroup(4, 9, 1, new Acknowledgement() {
        @Override
        public void acknowledged(int recipient, long id) {
          acknowledged.add(id);
        }

        @Override
        public void failed(int recipient, long id, Throwable error) {}
      });
      PollStats stats = new PollStats();
      try (Poller first = target.pollGroup(4, 0, Duration.ofSeconds(1), new Received(), stats);
          Poller second = target.pollGroup(4, 1, Duration.ofSeconds(1), new Received(), stats)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.size() == 1 && stats.answers() >= 2);
      }

      assertThat(acknowledged).containsExactly(9L);
      assertThat(server.requests).filteredOn(r -> r.method().equals("POST")).extracting(FakeServer.Request::uri)
          .containsExactly("/pub/lgt-g4", "/pub/lgt-g4");
      assertThat(server.requests.get(0).body()).as("the primer").isEqualTo("lg:-1:0");
      assertThat(server.requests).filteredOn(r -> r.method().equals("GET")).extracting(FakeServer.Request::uri)
          .containsOnly("/sub/lgt-g4");
    }
  }

  @Test
  void aPollerResumesFromEachAnswersLastModifiedAndEtag() throws Exception {
    try (FakeServer server = new FakeServer(request -> NchanInbox.OLDEST_TIME.equals(request.header("If-Modified-Since"))
            ? new FakeServer.Answer(200, Map.of("Last-Modified", DATE, "Etag", "1"), "lg:1:1\nlg:2:2\n")
            : new FakeServer.Answer(304, Map.of(), ""));
        NchanTarget target = new NchanTarget(server.url(), "lgt", new ClientOptions(1, 1))) {
      Received received = new Received();
      PollStats stats = new PollStats();
      try (Poller poller = target.poll(3, Duration.ofSeconds(1), received, stats)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.answers() >= 3);
      }

      assertThat(received.messages()).extracting(Received.Message::text).containsExactly("lg:1:1", "lg:2:2");
      FakeServer.Request second = server.requests.get(1);
      assertThat(second.uri()).isEqualTo("/sub/lgt-r3");
      assertThat(second.header("If-Modified-Since")).isEqualTo(DATE);
      assertThat(second.header("If-None-Match")).isEqualTo("1");
      assertThat(server.requests).extracting(FakeServer.Request::remotePort).containsOnly(server.requests.get(0).remotePort());
    }
  }

  @Test
  void aFailedPollIsCountedAndRetried() throws Exception {
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(500, Map.of(), "broken"));
        NchanTarget target = new NchanTarget(server.url(), "lgt", new ClientOptions(1, 1))) {
      PollStats stats = new PollStats();
      try (Poller poller = target.poll(3, Duration.ofSeconds(1), new Received(), stats)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.errors() >= 2);
      }

      assertThat(stats.firstError()).isInstanceOf(HttpStatusException.class).hasMessageContaining("broken");
      assertThat(stats.answers()).isZero();
    }
  }

  @Test
  void aServerThatIsNotThereFailsThePublish() throws Exception {
    String url;
    try (FakeServer gone = new FakeServer(request -> new FakeServer.Answer(200, Map.of(), ""))) {
      url = gone.url();
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (NchanTarget target = new NchanTarget(url, "lgt", new ClientOptions(1, 1))) {
      target.publish(1, 1, 1, new Acknowledgement() {
        @Override
        public void acknowledged(int recipient, long id) {}

        @Override
        public void failed(int recipient, long id, Throwable error) {
          failures.add(error);
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> failures.size() == 1);
    }
  }
}
