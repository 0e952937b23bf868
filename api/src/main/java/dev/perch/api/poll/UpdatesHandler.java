package dev.perch.api.poll;

import dev.perch.api.http.Caller;
import dev.perch.api.http.QueryParams;
import dev.perch.poll.PollRequest;
import dev.perch.poll.PollService;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/updates?cursor=&timeout=&limit=}: the caller's own updates after {@code cursor},
 * answered at once when there are some, else when one arrives or {@code timeout} seconds pass.
 * A client that disconnects cancels the poll, which frees its waiter.
 */
final class UpdatesHandler {

  static final long DEFAULT_TIMEOUT_SECONDS = 25;
  static final long DEFAULT_LIMIT = 100;

  private final PollService polls;

  UpdatesHandler(PollService polls) {
    this.polls = polls;
  }

  Mono<ServerResponse> poll(ServerRequest request) {
    return Mono.defer(() -> parseAndPoll(request));
  }

  private Mono<ServerResponse> parseAndPoll(ServerRequest request) {
    Long cursor = QueryParams.optionalNumber(request, "cursor", 0, Long.MAX_VALUE, "invalid_cursor");
    long timeout = QueryParams.number(request, "timeout", DEFAULT_TIMEOUT_SECONDS, 0,
        PollRequest.MAX_TIMEOUT.toSeconds(), "invalid_timeout");
    int limit = (int) QueryParams.number(request, "limit", DEFAULT_LIMIT, 1, PollRequest.MAX_LIMIT, "invalid_limit");
    return Caller.of(request)
        .map(user -> new PollRequest(user, cursor, Duration.ofSeconds(timeout), limit))
        .flatMap(polls::poll)
        .flatMap(poll -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(UpdatesView.of(poll)));
  }
}
