package dev.perch.api.poll;

import dev.perch.api.http.Exchange;
import dev.perch.api.http.QueryString;
import dev.perch.api.http.Reply;
import dev.perch.poll.PollRequest;
import dev.perch.poll.PollService;
import dev.perch.model.UpdateType;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/updates?cursor=&timeout=&limit=&types=}: the caller's own updates after
 * {@code cursor}, answered at once when there are some, else when one arrives or {@code timeout}
 * seconds pass. {@code types} (comma-separated; all by default) keeps only updates of those types
 * in the answer, whose cursor still moves past the others, so none is delivered again. A client
 * that disconnects cancels the poll, which frees its waiter.
 */
public final class UpdatesHandler {

  static final long DEFAULT_TIMEOUT_SECONDS = 25;
  static final long DEFAULT_LIMIT = 100;
  private static final Set<UpdateType> ALL_TYPES = Collections.unmodifiableSet(EnumSet.allOf(UpdateType.class));

  private final PollService polls;

  public UpdatesHandler(PollService polls) {
    this.polls = polls;
  }

  public Mono<Reply> poll(Exchange exchange) {
    QueryString query = exchange.query();
    Long cursor = query.optionalNumber("cursor", 0, Long.MAX_VALUE, "invalid_cursor");
    long timeout = query.number("timeout", DEFAULT_TIMEOUT_SECONDS, 0, PollRequest.MAX_TIMEOUT.toSeconds(),
        "invalid_timeout");
    int limit = (int) query.number("limit", DEFAULT_LIMIT, 1, PollRequest.MAX_LIMIT, "invalid_limit");
    Set<UpdateType> types = types(query);
    return polls.poll(new PollRequest(exchange.caller(), cursor, Duration.ofSeconds(timeout), limit), exchange.loop())
        .map(poll -> Reply.ok(UpdatesView.of(poll, types)));
  }

  /** The {@code types} parameter: the update types a client wants, all of them when absent. */
  static Set<UpdateType> types(QueryString query) {
    String listed = query.single("types", "invalid_types");
    if (listed == null) {
      return ALL_TYPES;
    }
    Set<UpdateType> types = EnumSet.noneOf(UpdateType.class);
    for (String name : listed.split(",", -1)) {
      types.add(UpdateType.ofWire(name));
    }
    return types;
  }
}
