package dev.perch.api;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Holds the API's real answers to its OpenAPI document ({@code openapi.json} on the class path: the
 * file the server serves at {@code /v1/openapi.json}), with a JSON Schema 2020-12 validator (the
 * OpenAPI 3.1 dialect, formats asserted), so the document cannot drift from the code. An answer
 * fails when the document has no response for its operation and status, or none for its content
 * type; when a required header of that response is missing, or a header it documents does not fit
 * its schema; or when its body does not fit the response's schema. A stream's media type names the
 * schema of each of its items ({@code x-itemSchema}): each event (SSE) or line (NDJSON) is checked
 * against it as it comes ({@link Body#feed}).
 *
 * <p>An operation is found by method and path, the path against the document's templates (a
 * {@code {name}} is one whole, non-empty segment, as in the route table). A request that is no
 * operation of the document (another path or method, or one too malformed to name either) is held
 * to the document's {@code x-perch-other-requests} responses. Paths under {@code /actuator} are
 * not the document's and are not checked.
 *
 * <p>Every schema an answer can be held to is compiled when the contract is made, from the
 * document's text in memory, so checking does no I/O (it runs on the clients' event loops, under
 * BlockHound) and a broken reference fails at once. Thread-safe.
 */
final class OpenApiContract {

  private static final String OTHER_REQUESTS = "/x-perch-other-requests";
  private static final String PROBLEM = "/components/schemas/Problem";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The document on the class path, loaded once for every test of the JVM. */
  static final OpenApiContract DOCUMENT = new OpenApiContract("openapi.json");

  private final String location;
  private final JsonNode document;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** The document at {@code resource} on the class path. */
  OpenApiContract(String resource) {
    String text = read(resource);
    this.location = "classpath:" + resource;
    this.document = JSON.readTree(text);
    this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
        .schemas(Map.of(location, text))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    Pointer paths = new Pointer(document.get("paths"), "/paths");
    for (String template : paths.node().propertyNames()) {
      for (String method : paths.node().get(template).propertyNames()) {
        compileResponses(paths.child(template).child(method).child("responses"));
      }
    }
    compileResponses(new Pointer(document.at(OTHER_REQUESTS), OTHER_REQUESTS).child("responses"));
    // The validator reads its messages from the class path when it first words an error: word one
    // here, on this thread, so that a real one on an event loop reports itself, not a blocking call.
    schema(new Pointer(document.at(PROBLEM), PROBLEM)).validate(StringNode.valueOf("not a problem"))
        .forEach(Error::getMessage);
  }

  private void compileResponses(Pointer responses) {
    for (String status : responses.node().propertyNames()) {
      Pointer response = resolve(responses.child(status));
      JsonNode headers = response.node().path("headers");
      for (String name : headers.propertyNames()) {
        schema(resolve(response.child("headers").child(name)).child("schema"));
      }
      JsonNode content = response.node().path("content");
      for (String mediaType : content.propertyNames()) {
        Pointer media = response.child("content").child(mediaType);
        schema(media.child(media.node().has("x-itemSchema") ? "x-itemSchema" : "schema"));
      }
    }
  }

  /**
   * Checks an answer's status, content type and headers against the document.
   *
   * @param method the request's method; null when the request could not be read as one
   * @param path the request's path (no query); null when it could not be read
   * @param header an answer's header by name, in any case, or null when it has none
   * @return the check of the answer's body
   * @throws AssertionError when the document does not have this answer
   */
  Body answer(String method, String path, int status, Function<String, String> header) {
    if (path != null && (path.equals("/actuator") || path.startsWith("/actuator/"))) {
      return Body.UNCHECKED;
    }
    String what = method + " " + path + " answered " + status;
    Pointer response = response(method, path, status, what);
    checkHeaders(response, header, what);
    JsonNode content = response.node().get("content");
    String contentType = header.apply("Content-Type");
    if (content == null) {
      if (contentType != null) {
        throw new AssertionError(what + " with " + contentType + ", documented without a body");
      }
      return Body.EMPTY;
    }
    if (contentType == null) {
      throw new AssertionError(what + " without a Content-Type, documented with " + names(content));
    }
    String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.has(mediaType)) {
      throw new AssertionError(what + " as " + mediaType + ", documented only as " + names(content));
    }
    if ("HEAD".equals(method)) {
      return Body.EMPTY;
    }
    Pointer media = response.child("content").child(mediaType);
    return media.node().has("x-itemSchema")
        ? new Body(this, what, null, schema(media.child("x-itemSchema")), mediaType.equals("text/event-stream"))
        : new Body(this, what, schema(media.child("schema")), null, false);
  }

  /** {@code method}'s operation of the path template that fits {@code path}, its response to {@code status}. */
  private Pointer response(String method, String path, int status, String what) {
    Pointer responses = operation(method, path);
    responses = responses == null ? new Pointer(document.at(OTHER_REQUESTS), OTHER_REQUESTS).child("responses")
        : responses.child("responses");
    JsonNode response = responses.node().get(Integer.toString(status));
    if (response == null) {
      throw new AssertionError(
          what + ", a status the document does not have for it; it has " + names(responses.node()));
    }
    return resolve(responses.child(Integer.toString(status)));
  }

  private Pointer operation(String method, String path) {
    if (method == null || path == null) {
      return null;
    }
    Pointer paths = new Pointer(document.get("paths"), "/paths");
    for (String template : paths.node().propertyNames()) {
      if (fits(template, path)) {
        Pointer operation = paths.child(template).child(method.toLowerCase(Locale.ROOT));
        return operation.node() == null ? null : operation;
      }
    }
    return null;
  }

  private static boolean fits(String template, String path) {
    String[] expected = template.split("/", -1);
    String[] actual = path.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean variable = expected[i].startsWith("{");
      if (variable ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }

  private void checkHeaders(Pointer response, Function<String, String> header, String what) {
    JsonNode headers = response.node().get("headers");
    if (headers == null) {
      return;
    }
    for (String name : headers.propertyNames()) {
      Pointer documented = resolve(response.child("headers").child(name));
      String value = header.apply(name);
      if (value == null) {
        if (documented.node().path("required").asBoolean(false)) {
          throw new AssertionError(what + " without the header " + name + " the document requires");
        }
        continue;
      }
      List<Error> errors = schema(documented.child("schema")).validate(StringNode.valueOf(value));
      if (!errors.isEmpty()) {
        throw new AssertionError(what + " with " + name + ": " + value + ", which does not fit the document: "
            + errors);
      }
    }
  }

  /** Follows {@code $ref}s (local ones: {@code #/...}) to the object they name. */
  private Pointer resolve(Pointer pointer) {
    Pointer at = pointer;
    while (at.node().has("$ref")) {
      String ref = at.node().get("$ref").asString();
      if (!ref.startsWith("#/")) {
        throw new AssertionError("only local references are followed: " + ref);
      }
      at = new Pointer(document.at(ref.substring(1)), ref.substring(1));
    }
    return at;
  }

  /** The compiled schema at {@code pointer}, compiled now if it was not (only while the contract is made). */
  private Schema schema(Pointer pointer) {
    if (pointer.node() == null) {
      throw new AssertionError("the document has no schema at " + pointer.path());
    }
    return schemas.computeIfAbsent(pointer.path(),
        path -> registry.getSchema(SchemaLocation.of(location + "#" + path)));
  }

  private static String names(JsonNode object) {
    return String.join(", ", object.propertyNames());
  }

  private static String read(String resource) {
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode validate(Schema schema, String json, String what) {
    JsonNode parsed;
    try {
      parsed = JSON.readTree(json);
    } catch (RuntimeException e) {
      throw new AssertionError(what + " with a body that is not JSON: " + json, e);
    }
    List<Error> errors = schema.validate(parsed);
    if (!errors.isEmpty()) {
      throw new AssertionError(what + " with a body that does not fit " + schema.getSchemaLocation() + ": "
          + errors + "\n" + json);
    }
    return parsed;
  }

  /** A node of the document and its JSON pointer (RFC 6901: {@code ~} and {@code /} escaped). */
  private record Pointer(JsonNode node, String path) {

    Pointer child(String name) {
      return new Pointer(node == null ? null : node.get(name),
          path + "/" + name.replace("~", "~0").replace("/", "~1"));
    }
  }

  /**
   * The check of one answer's body: a whole body against the response's schema, or a stream's
   * items against the item schema as their bytes come. Not thread-safe: one per answer.
   */
  static final class Body {

    /** An answer the document does not describe (the actuator's): any body. */
    static final Body UNCHECKED = new Body(null, null, null, null, false);
    /** An answer documented without a body (or to a HEAD). */
    static final Body EMPTY = new Body(null, null, null, null, false);

    private final OpenApiContract contract;
    private final String what;
    private final Schema whole;
    private final Schema item;
    private final boolean serverSentEvents;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private Body(OpenApiContract contract, String what, Schema whole, Schema item, boolean serverSentEvents) {
      this.contract = contract;
      this.what = what;
      this.whole = whole;
      this.item = item;
      this.serverSentEvents = serverSentEvents;
    }

    /** Whether the body is a stream whose items are checked one by one ({@link #feed}). */
    boolean streamed() {
      return item != null;
    }

    /** Checks a whole body (of a stream: every item in it). */
    void check(String body) {
      if (this == UNCHECKED) {
        return;
      }
      if (this == EMPTY) {
        if (!body.isEmpty()) {
          throw new AssertionError(what + " with a body the document does not have: " + body);
        }
        return;
      }
      if (streamed()) {
        feed(body.getBytes(StandardCharsets.UTF_8));
        return;
      }
      contract.validate(whole, body, what);
    }

    /** Checks every item the stream's next bytes complete; a partial item waits for the rest. */
    void feed(byte[] bytes) {
      pending.writeBytes(bytes);
      for (String frame = nextFrame(); frame != null; frame = nextFrame()) {
        if (serverSentEvents) {
          event(frame);
        } else if (!frame.isEmpty()) {
          contract.validate(item, frame, what + ", a line of its stream");
        }
      }
    }

    /** The next whole frame (to an empty line for SSE, a line's end for NDJSON) off the pending bytes, or null. */
    private String nextFrame() {
      byte[] all = pending.toByteArray();
      int separator = serverSentEvents ? 2 : 1;
      for (int end = 0; end + separator <= all.length; end++) {
        if (all[end] == '\n' && (!serverSentEvents || all[end + 1] == '\n')) {
          pending.reset();
          pending.write(all, end + separator, all.length - end - separator);
          return new String(all, 0, end, StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    /** An event's data is an item whose seq and type are its {@code id} and {@code event}; a comment keeps alive. */
    private void event(String frame) {
      Map<String, String> fields = new HashMap<>();
      for (String line : frame.split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
      String data = fields.get("data");
      if (data == null) {
        return;
      }
      JsonNode parsed = contract.validate(item, data, what + ", an event of its stream");
      List<String> mismatches = new ArrayList<>();
      if (!parsed.path("seq").asString("").equals(fields.get("id"))) {
        mismatches.add("id " + fields.get("id") + " is not its seq");
      }
      if (!parsed.path("type").asString("").equals(fields.get("event"))) {
        mismatches.add("event " + fields.get("event") + " is not its type");
      }
      if (!mismatches.isEmpty()) {
        throw new AssertionError(what + ", an event whose " + String.join(" and ", mismatches) + ": " + frame);
      }
    }
  }
}
