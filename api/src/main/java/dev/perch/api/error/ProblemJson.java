package dev.perch.api.error;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.util.AsciiString;
import java.io.OutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders RFC 9457 {@code application/problem+json} bodies: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} (the request path, when there is one) and Perch's
 * stable {@code code}. The only place that knows the shape, used by the Netty routes and by what
 * stays on WebFlux alike.
 */
public final class ProblemJson {

  public static final AsciiString MEDIA_TYPE = AsciiString.cached("application/problem+json");

  private final JsonMapper json;

  public ProblemJson(JsonMapper json) {
    this.json = json;
  }

  /** The body of {@code problem} for a request to {@code instance} (null: not known), in a new buffer. */
  public ByteBuf render(ByteBufAllocator alloc, Problem problem, String instance) {
    ByteBuf buffer = alloc.buffer(256);
    try (JsonGenerator out = json.createGenerator((OutputStream) new ByteBufOutputStream(buffer))) {
      out.writeStartObject();
      out.writeStringProperty("type", "about:blank");
      out.writeStringProperty("title", problem.status().reasonPhrase());
      out.writeNumberProperty("status", problem.status().code());
      out.writeStringProperty("detail", problem.detail());
      if (instance != null) {
        out.writeStringProperty("instance", instance);
      }
      out.writeStringProperty("code", problem.code());
      out.writeEndObject();
    } catch (RuntimeException e) {
      buffer.release();
      throw e;
    }
    return buffer;
  }
}
