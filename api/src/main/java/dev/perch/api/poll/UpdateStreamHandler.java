package dev.perch.api.poll;

import dev.perch.api.http.EventStream;
import dev.perch.api.http.Exchange;
import dev.perch.api.http.QueryString;
import dev.perch.api.http.Reply;
import dev.perch.api.http.StreamFormat;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.Update;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.poll.Poll;
import dev.perch.poll.PollRequest;
import dev.perch.poll.PollService;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code GET /v1/updates/stream?cursor=&types=}: the caller's updates after the cursor as one open
 * response, server-sent events or NDJSON ({@link StreamFormat}), made of polls one after the other
 * ({@link PollService#stream}), so it has their order, limits and exactly-once resume. The cursor is
 * {@code Last-Event-ID} when present (a reconnecting EventSource sends the last event's id, the
 * update's seq), else the {@code cursor} parameter, else the current head. A first poll that does
 * not wait checks the cursor before the answer starts, so a bad one is still a problem+json 400;
 * then every {@link #KEEP_ALIVE} without updates the stream writes a keep-alive. It ends at
 * shutdown (the client reconnects elsewhere from its last id) or when the client goes.
 */
public final class UpdateStreamHandler {

  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final int BATCH = 100;
  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final PollService polls;

  public UpdateStreamHandler(PollService polls) {
    this.polls = polls;
  }

  public Mono<Reply> stream(Exchange exchange) {
    StreamFormat format = StreamFormat.negotiate(exchange.listHeader(HttpHeaderNames.ACCEPT));
    Long cursor = cursor(exchange);
    Set<UpdateType> types = UpdatesHandler.types(exchange.query());
    UserId caller = exchange.caller();
    Scheduler loop = exchange.loop();
    return polls.poll(new PollRequest(caller, cursor, Duration.ZERO, BATCH), loop)
        .map(first -> Reply.ok(new EventStream(format,
            Flux.concat(Mono.just(first), polls.stream(caller, first.cursor(), KEEP_ALIVE, BATCH, loop))
                .map(poll -> events(poll, types)))));
  }

  private static Long cursor(Exchange exchange) {
    String lastEventId = exchange.header(LAST_EVENT_ID, "invalid_cursor");
    if (lastEventId == null) {
      return exchange.query().optionalNumber("cursor", 0, Long.MAX_VALUE, "invalid_cursor");
    }
    long seq = QueryString.asciiNumber(lastEventId.trim());
    if (seq < 0) {
      throw new InvalidRequestException(
          "invalid_cursor", "Last-Event-ID must be the seq of an update: a whole number >= 0.");
    }
    return seq;
  }

  private static List<EventStream.Event> events(Poll poll, Set<UpdateType> types) {
    List<EventStream.Event> events = new ArrayList<>(poll.updates().size());
    for (Update update : poll.updates()) {
      if (types.contains(update.type())) {
        events.add(new EventStream.Event(Long.toString(update.seq()), update.type().wireName(),
            UpdatesView.UpdateView.of(update)));
      }
    }
    return events;
  }
}
