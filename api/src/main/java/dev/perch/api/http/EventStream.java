package dev.perch.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reply body that stays open: batches of events, each batch written (and flushed) as one chunk
 * as it comes. Server-sent events frame an event as {@code id:}, {@code event:} and one
 * {@code data:} line of JSON; NDJSON writes its JSON as one line. An empty batch is the format's
 * keep-alive: the comment {@code : ping} or an empty line.
 */
public record EventStream(StreamFormat format, Flux<List<Event>> batches) {

  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_LINE = {'\n'};
  private static final byte[] EVENT_END = {'\n', '\n'};

  /** One event: its id (the client's resume point), its name, and the object its JSON is. */
  public record Event(String id, String name, Object data) {}

  Flux<ByteBuf> encode(ByteBufAllocator alloc, JsonMapper json) {
    return batches.map(batch -> {
      ByteBuf chunk = alloc.buffer(batch.isEmpty() ? PING.length : 256 * batch.size());
      try {
        write(chunk, batch, json);
        return chunk;
      } catch (RuntimeException e) {
        chunk.release();
        throw e;
      }
    });
  }

  private void write(ByteBuf chunk, List<Event> batch, JsonMapper json) {
    if (batch.isEmpty()) {
      chunk.writeBytes(format == StreamFormat.SERVER_SENT_EVENTS ? PING : EMPTY_LINE);
      return;
    }
    OutputStream out = new ByteBufOutputStream(chunk);
    for (Event event : batch) {
      if (format == StreamFormat.SERVER_SENT_EVENTS) {
        chunk.writeCharSequence("id: " + event.id() + "\nevent: " + event.name() + "\ndata: ", StandardCharsets.UTF_8);
        json.writeValue(out, event.data());
        chunk.writeBytes(EVENT_END);
      } else {
        json.writeValue(out, event.data());
        chunk.writeByte('\n');
      }
    }
  }
}
