package dev.perch.loadgen.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * One recipient's long-poll stream as the server speaks it: renders the next poll request from its
 * resume point (Perch's cursor, Nchan's Last-Modified/Etag) and reads each answer, moving the
 * resume point past what it read. Used by one {@link Poller} at a time, on its I/O thread.
 */
interface Inbox {

  /** The next poll request, complete. */
  ByteBuf request(ByteBufAllocator allocator);

  /**
   * Reads one answer, hands each message in it to {@code receiver} and advances the resume point.
   *
   * @throws HttpStatusException when the status is not a poll answer
   */
  void read(FullHttpResponse response, long arrivedNanos, Receiver receiver);
}
