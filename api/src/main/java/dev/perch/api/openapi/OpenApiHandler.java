package dev.perch.api.openapi;

import dev.perch.api.http.CacheableBody;
import dev.perch.api.http.Exchange;
import dev.perch.api.http.Reply;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/openapi.json}, a public route: the OpenAPI 3.1 document of the whole {@code /v1}
 * API ({@value #RESOURCE} on the class path, kept in the repository beside the code it describes),
 * read once when the handler is made and served as those bytes, with an {@code ETag} so a client
 * holding the current copy gets a 304.
 */
public final class OpenApiHandler {

  static final String RESOURCE = "/openapi.json";

  private final CacheableBody document;

  /** Reads the document; fails at start-up when it is not on the class path. */
  public OpenApiHandler() {
    this.document = new CacheableBody("application/json", load());
  }

  public Mono<Reply> document(Exchange exchange) {
    return Mono.fromSupplier(() -> document.reply(exchange.listHeader(HttpHeaderNames.IF_NONE_MATCH)));
  }

  private static byte[] load() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
