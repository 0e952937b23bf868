package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;
import dev.perch.error.InvalidRequestException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body as one JSON value: {@code Content-Type} first ({@link ContentType}), then at
 * most {@value #MAX_BYTES} bytes (a larger {@code Content-Length} is refused before reading), then
 * a strict UTF-8 decode (RFC 3629: an overlong form, a surrogate or anything above U+10FFFF is
 * refused by the decoder itself), then Jackson. Every failure is a 4xx: {@code malformed_json},
 * {@code body_too_large}, {@code unsupported_media_type} or {@code malformed_content_type}.
 */
public final class JsonBody {

  public static final int MAX_BYTES = 64 * 1024;

  private static final ThreadLocal<CharsetDecoder> UTF8 =
      ThreadLocal.withInitial(StandardCharsets.UTF_8::newDecoder);

  /** A reader per body type, made once: a mapper's readValue resolves the type on every call. */
  private final ClassValue<ObjectReader> readers;

  public JsonBody(JsonMapper json) {
    this.readers = new ClassValue<>() {
      @Override
      protected ObjectReader computeValue(Class<?> type) {
        return json.readerFor(type);
      }
    };
  }

  /** The body as a {@code type}; an absent, empty or {@code null} body is {@code malformed_json}. */
  <T> Mono<T> read(HttpServerRequest request, Class<T> type) {
    return Mono.defer(() -> {
      ContentType.requireJson(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
      long declared = request.requestHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
      if (declared > MAX_BYTES) {
        throw RequestRefused.bodyTooLarge(MAX_BYTES);
      }
      return request.receive()
          .collect(() -> new Bytes(declared), Bytes::append)
          .onErrorMap(e -> !(e instanceof RequestRefused), JsonBody::unreadable)
          .map(bytes -> parse(bytes, type));
    });
  }

  private <T> T parse(Bytes bytes, Class<T> type) {
    String text;
    try {
      text = UTF8.get().reset().decode(ByteBuffer.wrap(bytes.array, 0, bytes.length)).toString();
    } catch (CharacterCodingException e) {
      throw malformed("The body is not well-formed UTF-8.");
    }
    if (text.isBlank()) {
      throw malformed("A JSON body is required.");
    }
    T value;
    try {
      value = readers.get(type).readValue(text);
    } catch (JacksonException e) {
      throw malformed("The request body is not the JSON object this endpoint takes.");
    }
    if (value == null) {
      throw malformed("A JSON body is required.");
    }
    return value;
  }

  /**
   * The body could not be read: it did not arrive within the body timeout (Reactor Netty then
   * closes the connection), or the client went away or broke the chunked framing mid-body.
   */
  private static RequestRefused unreadable(Throwable cause) {
    return cause.getClass().getSimpleName().equals("RequestTimeoutException")
        ? RequestRefused.requestTimeout()
        : RequestRefused.of(HttpResponseStatus.BAD_REQUEST, "body_unreadable", "The request body could not be read.");
  }

  private static InvalidRequestException malformed(String detail) {
    return new InvalidRequestException("malformed_json", detail);
  }

  /** The body so far, copied out of Netty's buffers (which are released as soon as each is read). */
  private static final class Bytes {

    private byte[] array;
    private int length;

    Bytes(long declared) {
      array = new byte[declared > 0 ? (int) declared : 256];
    }

    void append(ByteBuf chunk) {
      int size = chunk.readableBytes();
      if (length + size > MAX_BYTES) {
        throw RequestRefused.bodyTooLarge(MAX_BYTES);
      }
      if (length + size > array.length) {
        array = Arrays.copyOf(array, Math.min(MAX_BYTES, Math.max(array.length * 2, length + size)));
      }
      chunk.readBytes(array, length, size);
      length += size;
    }
  }
}
