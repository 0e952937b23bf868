package dev.perch.loadgen.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A Perch user's updates: {@code GET /v1/updates?cursor=&timeout=&limit=}, starting at
 * {@code cursor=0} and continuing from the cursor each answer returns. Answers are read with
 * Jackson's streaming parser, keeping only the cursor and each message update's seq and text.
 */
final class PerchInbox implements Inbox {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] PATH = Ascii.bytes("GET /v1/updates?cursor=");

  private final int recipient;
  private final byte[] tail;
  private long cursor;

  /** @param tail the request after the cursor's value: the other parameters and the headers */
  PerchInbox(int recipient, byte[] tail) {
    this.recipient = recipient;
    this.tail = tail;
  }

  @Override
  public ByteBuf request(ByteBufAllocator allocator) {
    ByteBuf out = allocator.directBuffer(PATH.length + 20 + tail.length);
    out.writeBytes(PATH);
    Ascii.writeLong(out, cursor);
    out.writeBytes(tail);
    return out;
  }

  @Override
  public void read(FullHttpResponse response, long arrivedNanos, Receiver receiver) {
    ByteBuf body = response.content();
    if (response.status().code() != 200) {
      throw new HttpStatusException("GET /v1/updates", response.status().code(), body.toString(StandardCharsets.UTF_8));
    }
    byte[] bytes = body.hasArray() ? body.array() : ByteBufUtil.getBytes(body);
    int offset = body.hasArray() ? body.arrayOffset() + body.readerIndex() : 0;
    cursor = read(recipient, bytes, offset, body.readableBytes(), arrivedNanos, receiver);
  }

  /**
   * Reads {@code {"cursor":"…","updates":[{"seq":…,"type":"message","message":{"text":…}}]}},
   * hands each message update's text to {@code receiver} at position (seq, 0), and returns the
   * cursor.
   */
  static long read(int recipient, byte[] body, int offset, int length, long arrivedNanos, Receiver receiver) {
    long cursor = -1;
    try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body, offset, length)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a poll answer is a JSON object");
      }
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        json.nextToken();
        switch (name) {
          case "cursor" -> cursor = Long.parseLong(json.getString());
          case "updates" -> readUpdates(json, recipient, arrivedNanos, receiver);
          default -> json.skipChildren();
        }
      }
    }
    if (cursor < 0) {
      throw new IllegalArgumentException("a poll answer without a cursor");
    }
    return cursor;
  }

  private static void readUpdates(JsonParser json, int recipient, long arrivedNanos, Receiver receiver) {
    while (json.nextToken() == JsonToken.START_OBJECT) {
      long seq = -1;
      String type = null;
      String text = null;
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        json.nextToken();
        switch (name) {
          case "seq" -> seq = json.getLongValue();
          case "type" -> type = json.getString();
          case "message" -> text = messageText(json);
          default -> json.skipChildren();
        }
      }
      if ("message".equals(type) && text != null) {
        receiver.message(recipient, text, seq, 0, arrivedNanos);
      }
    }
  }

  private static String messageText(JsonParser json) {
    String text = null;
    for (String name = json.nextName(); name != null; name = json.nextName()) {
      json.nextToken();
      if (name.equals("text")) {
        text = json.getString();
      } else {
        json.skipChildren();
      }
    }
    return text;
  }
}
