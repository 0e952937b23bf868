package dev.perch.loadgen.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;

/**
 * An Nchan channel's long-poll subscriber. Each request resumes after the last message received:
 * {@code If-Modified-Since} and {@code If-None-Match} carry the previous answer's
 * {@code Last-Modified} and {@code Etag}, which name its last message. The first request asks for
 * the oldest buffered message (a time before any message, tag 0). Several buffered messages come
 * in one answer, each followed by a newline ({@code nchan_longpoll_multipart_response raw} in
 * dev/nchan/nginx.conf); a single one comes alone; a timed-out poll answers 304 or 408.
 */
final class NchanInbox implements Inbox {

  static final String OLDEST_TIME = "Thu, 01 Jan 1970 00:00:01 GMT";

  private static final byte[] IF_NONE_MATCH = Ascii.bytes("\r\nIf-None-Match: ");
  private static final byte[] END = Ascii.bytes("\r\n\r\n");

  private final int recipient;
  private final byte[] head;
  private String lastModified = OLDEST_TIME;
  private String etag = "0";

  /** @param head the request up to the value of {@code If-Modified-Since} */
  NchanInbox(int recipient, byte[] head) {
    this.recipient = recipient;
    this.head = head;
  }

  @Override
  public ByteBuf request(ByteBufAllocator allocator) {
    ByteBuf out = allocator.directBuffer(head.length + lastModified.length() + etag.length() + 24);
    out.writeBytes(head);
    out.writeCharSequence(lastModified, StandardCharsets.US_ASCII);
    out.writeBytes(IF_NONE_MATCH);
    out.writeCharSequence(etag, StandardCharsets.US_ASCII);
    out.writeBytes(END);
    return out;
  }

  @Override
  public void read(FullHttpResponse response, long arrivedNanos, Receiver receiver) {
    int status = response.status().code();
    if (status == 304 || status == 408) {
      return;
    }
    if (status != 200) {
      throw new HttpStatusException("GET /sub", status, response.content().toString(StandardCharsets.UTF_8));
    }
    String modified = response.headers().get(HttpHeaderNames.LAST_MODIFIED);
    String tag = response.headers().get(HttpHeaderNames.ETAG);
    if (modified == null || tag == null) {
      throw new HttpStatusException("GET /sub without Last-Modified/Etag", status, "");
    }
    read(recipient, response.content(), modified, tag, arrivedNanos, receiver);
    lastModified = modified;
    etag = tag;
  }

  /**
   * Hands each newline-terminated message of {@code body} (the last may lack its newline) to
   * {@code receiver}, placed by the answer's id ({@code lastModified}, {@code etag}) and its index
   * in the answer.
   */
  static void read(int recipient, ByteBuf body, String lastModified, String etag, long arrivedNanos, Receiver receiver) {
    long seconds = HttpDates.epochSeconds(lastModified);
    long tag = tag(etag) << 16;
    int index = 0;
    int end = body.writerIndex();
    for (int from = body.readerIndex(); from < end; ) {
      int newline = body.indexOf(from, end, (byte) '\n');
      int to = newline < 0 ? end : newline;
      if (to > from) {
        receiver.message(recipient, body.toString(from, to - from, StandardCharsets.UTF_8), seconds, tag | index++, arrivedNanos);
      }
      from = to + 1;
    }
  }

  private static long tag(String etag) {
    int from = etag.startsWith("W/") ? 2 : 0;
    int to = etag.length();
    if (to - from >= 2 && etag.charAt(from) == '"' && etag.charAt(to - 1) == '"') {
      from++;
      to--;
    }
    return Long.parseLong(etag, from, to, 10);
  }
}
