package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.api.RawHttp.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every class of malformed input docs/api.md lists, each over many inputs and over a raw socket
 * (so the bytes are exactly those written): each is answered 4xx (or 501) problem+json with its
 * stable code, never 500, and nothing it carried is stored.
 */
class MalformedInputIT extends ApiTestSupport {

  static Stream<Arguments> contentTypes() {
    return Stream.of(
        Arguments.of("application/json; charset=foo", 415, "unsupported_media_type"),
        Arguments.of("application/json; charset=latin-1", 415, "unsupported_media_type"),
        Arguments.of("application/json; charset=\"utf-16\"", 415, "unsupported_media_type"),
        Arguments.of("text/plain", 415, "unsupported_media_type"),
        Arguments.of("application/xml", 415, "unsupported_media_type"),
        Arguments.of("application/jsonx", 415, "unsupported_media_type"),
        Arguments.of("application/json; charset=", 400, "malformed_content_type"),
        Arguments.of("application/json;", 400, "malformed_content_type"),
        Arguments.of("application/json;;charset=utf-8", 400, "malformed_content_type"),
        Arguments.of("application", 400, "malformed_content_type"),
        Arguments.of("/", 400, "malformed_content_type"),
        Arguments.of("/json", 400, "malformed_content_type"),
        Arguments.of("application/", 400, "malformed_content_type"),
        Arguments.of("application/json; charset=\"utf-8", 400, "malformed_content_type"),
        Arguments.of("application/json; a=\"b\\", 400, "malformed_content_type"),
        Arguments.of("application/json; =utf-8", 400, "malformed_content_type"),
        Arguments.of("application/json charset=utf-8", 400, "malformed_content_type"),
        Arguments.of("application/json; charset=utf-8 x", 400, "malformed_content_type"),
        Arguments.of("app lication/json", 400, "malformed_content_type"),
        Arguments.of("", 400, "malformed_content_type"));
  }

  @ParameterizedTest
  @MethodSource("contentTypes")
  void malformedOrForeignContentTypesAre4xxProblems(String contentType, int status, String code) throws IOException {
    Answer answer = post("/v1/messages", "Content-Type: " + contentType + "\r\n", json("{\"to\":\"bob\",\"text\":\"hi\"}"));
    assertProblem(answer, status, code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "APPLICATION/JSON", "application/json; charset=utf-8",
      "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "application/json; foo=bar"})
  void jsonInUtf8IsTakenWhateverItsSpelling(String contentType) throws IOException {
    Answer answer = post("/v1/messages", "Content-Type: " + contentType + "\r\n", json("{\"to\":\"bob\",\"text\":\"hi\"}"));
    assertThat(answer.status()).isEqualTo(201);
  }

  /** Byte sequences RFC 3629 forbids, each inside the text of an otherwise valid send. */
  @ParameterizedTest
  @ValueSource(strings = {"c0af", "c080", "e080af", "f08080af", "eda080", "edbfbf", "f4908080", "f5808080",
      "ff", "fe", "80", "c2", "e282", "f0908d", "c0", "c1bf"})
  void invalidUtf8IsMalformedJsonAndNothingIsStored(String hex) throws IOException {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    byte[] body = RawHttp.concat(json("{\"to\":\"" + bob + "\",\"text\":\"a"), HexFormat.of().parseHex(hex), json("b\"}"));

    Answer answer = post(alice, "/v1/messages", "Content-Type: application/json\r\n", body);

    assertProblem(answer, 400, "malformed_json");
    http.get().uri("/v1/updates?cursor=0&timeout=0").headers(bearer(bob)).exchange()
        .expectBody().jsonPath("$.updates.length()").isEqualTo(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"to\":\"bob\",\"to\":\"carol\",\"text\":\"hi\"}", "{\"to\":\"bob\",\"text\":\"hi\"} x",
      "{\"to\":\"bob\",\"text\":\"hi\"}{}", "[]", "null", "\"hi\"", "42", "{", "{\"to\":\"bob\",\"text\":\"hi\"",
      "{\"to\":\"bob\",\"text\":[\"hi\"]}", "{\"to\":\"bob\",\"text\":{\"a\":1}}", "{'to':'bob','text':'hi'}",
      "{\"to\":\"bob\",\"text\":\"hi\",}", "\uFEFF{\"to\":\"bob\",\"text\":\"hi\"}", "{\"to\":\"bob\",\"text\":true}",
      "{\"to\":\"bob\",\"text\":1e999999}"})
  void jsonThatIsNotTheSendObjectIsMalformed(String body) throws IOException {
    assertProblem(post("/v1/messages", "Content-Type: application/json\r\n", json(body)), 400, "malformed_json");
  }

  @ParameterizedTest
  @ValueSource(ints = {33, 100, 5_000})
  void deeplyNestedJsonIsMalformed(int depth) throws IOException {
    String body = "{\"to\":\"bob\",\"text\":\"hi\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    assertProblem(post("/v1/messages", "Content-Type: application/json\r\n", json(body)), 400, "malformed_json");
  }

  static Stream<Arguments> framings() {
    return Stream.of(
        Arguments.of("Transfer-Encoding: xchunked\r\nContent-Length: 24\r\n", 501),
        Arguments.of("Transfer-Encoding: gzip\r\nContent-Length: 24\r\n", 501),
        Arguments.of("Transfer-Encoding: identity\r\nContent-Length: 24\r\n", 501),
        Arguments.of("Transfer-Encoding: chunked, identity\r\nContent-Length: 24\r\n", 400),
        Arguments.of("Transfer-Encoding: chunked\r\nContent-Length: 24\r\n", 400),
        Arguments.of("Content-Length: 24\r\nContent-Length: 25\r\n", 400),
        Arguments.of("Content-Length: 24\r\nContent-Length: 24\r\n", 400),
        Arguments.of("Content-Length: -1\r\n", 400),
        Arguments.of("Content-Length: 0x18\r\n", 400),
        Arguments.of("Transfer-Encoding : chunked\r\nContent-Length: 24\r\n", 400));
  }

  @ParameterizedTest
  @MethodSource("framings")
  void ambiguousOrUnknownFramingIsRefusedAndTheConnectionClosed(String framing, int status) throws IOException {
    byte[] request = RawHttp.concat(RawHttp.ascii("POST /v1/messages HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer "
        + token(freshUser("alice")) + "\r\nContent-Type: application/json\r\n" + framing + "\r\n"),
        json("{\"to\":\"bob\",\"text\":\"hi\"}"));

    Answer answer = RawHttp.exchangeExpectingClose(port, request);

    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
    assertThat(answer.closed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "-1", "1;x=\"", "ffffffffffffffffff"})
  void aMalformedChunkIsA400Problem(String chunkSize) throws IOException {
    byte[] request = RawHttp.ascii("POST /v1/messages HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer "
        + token(freshUser("alice")) + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunkSize + "\r\nabc\r\n0\r\n\r\n");
    Answer answer = RawHttp.exchangeExpectingClose(port, request);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.closed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void severalAuthorizationHeadersAreAnAmbiguousCredential(int count) throws IOException {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      headers.append("Authorization: Bearer ").append(token(freshUser("user" + i))).append("\r\n");
    }
    Answer answer = RawHttp.exchange(port, RawHttp.ascii(
        "GET /v1/updates?timeout=0 HTTP/1.1\r\nHost: perch\r\n" + headers + "\r\n"));
    assertProblem(answer, 400, "ambiguous_credentials");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/../v1/updates", "/v1/./updates", "/v1/%2e%2e/updates", "/v1/updates%2F", "/v1%2fupdates",
      "/v1/updates;jsessionid=1", "/v1/up%00dates", "/v1//updates", "/v1/updates\\", "/v1/upd%41tes", "/v1/%",
      "/v1/conversations/a%2Eb/messages", "/v1/conversations/a.b/../../messages", "*", "v1/updates",
      "/v1/upd\u00e4tes", "/v1/updates/..", "//v1/updates"})
  void pathsThatAreNotPlainAre400Problems(String path) throws IOException {
    Answer answer = RawHttp.exchange(port, RawHttp.concat(RawHttp.ascii("GET "),
        path.getBytes(StandardCharsets.UTF_8),
        RawHttp.ascii(" HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer " + token("alice") + "\r\n\r\n")));
    assertProblem(answer, 400, "invalid_path");
  }

  static Stream<Arguments> decoderRefusals() {
    return Stream.of(
        Arguments.of("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: perch\r\n\r\n", 414, "uri_too_long"),
        Arguments.of("GET /v1/updates HTTP/1.1\r\nHost: perch\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n", 431,
            "headers_too_large"),
        Arguments.of("GET /v1/updates HTTP/1.1\r\nHost: perch\r\nX-A: a\u0001b\r\n\r\n", 400, "malformed_request"),
        Arguments.of("GET /v1/updates HTTP/1.1\r\nHost: perch\r\nX-A: a\u007Fb\r\n\r\n", 400, "malformed_request"),
        Arguments.of("GET /v1/updates HTTP/1.1\r\nHost: perch\r\nX A: b\r\n\r\n", 400, "malformed_request"),
        Arguments.of("GET /v1/updates HTTP/1.1\r\nHost: perch\r\n X-Folded: b\r\n\r\n", 400, "malformed_request"),
        Arguments.of("GET /v1/updates HTTP/x.1\r\nHost: perch\r\n\r\n", 400, "malformed_request"));
  }

  @ParameterizedTest
  @MethodSource("decoderRefusals")
  void requestsTheDecoderCannotReadGetProblemBodiesToo(String request, int status, String code) throws IOException {
    Answer answer = RawHttp.exchangeExpectingClose(port, RawHttp.ascii(request));
    assertProblem(answer, status, code);
    assertThat(answer.closed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Host: a\r\nHost: b\r\n"})
  void anHttp11RequestCarriesExactlyOneHost(String hosts) throws IOException {
    Answer answer = RawHttp.exchange(port, RawHttp.ascii(
        "GET /v1/updates?timeout=0 HTTP/1.1\r\n" + hosts + "Authorization: Bearer " + token("alice") + "\r\n\r\n"));
    assertProblem(answer, 400, "invalid_host");
  }

  static Stream<Arguments> wrongMethods() {
    return Stream.of(
        Arguments.of("HEAD", "/v1/messages", "POST"), Arguments.of("TRACE", "/v1/updates", "GET"),
        Arguments.of("OPTIONS", "/v1/updates", "GET"), Arguments.of("PUT", "/v1/messages", "POST"),
        Arguments.of("DELETE", "/v1/conversations", "GET"), Arguments.of("PATCH", "/v1/conversations/a.b/messages", "GET"),
        Arguments.of("TRACE", "/v1/messages", "POST"), Arguments.of("CONNECT", "/v1/updates", "GET"));
  }

  @ParameterizedTest
  @MethodSource("wrongMethods")
  void aKnownPathWithAnotherMethodIs405WithAllow(String method, String path, String allow) throws IOException {
    Answer answer = RawHttp.exchange(port, RawHttp.ascii(method + " " + path
        + " HTTP/1.1\r\nHost: perch\r\nContent-Length: 0\r\nAuthorization: Bearer " + token("alice") + "\r\n\r\n"));
    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.headers().get("allow")).isEqualTo(allow);
    assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
    if (!method.equals("HEAD")) {
      assertThat(answer.body()).contains("\"code\":\"method_not_allowed\"");
    }
  }

  static Stream<Arguments> numbers() {
    return Stream.of("\u0661", "\u0661\u0662", "\uFF11", "+1", "-1", " 1", "1 ", "1.0", "1e3", "0x10", "", "１",
            "99999999999999999999", "9223372036854775808", "1%00", "%2B1", "%31%32%ZZ")
        .flatMap(value -> Stream.of(
            Arguments.of("/v1/updates?timeout=0&cursor=", value, "invalid_cursor"),
            Arguments.of("/v1/updates?cursor=0&timeout=", value, "invalid_timeout"),
            Arguments.of("/v1/updates?timeout=0&limit=", value, "invalid_limit"),
            Arguments.of("/v1/conversations?limit=", value, "invalid_limit")));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void numericParametersTakeOnlyAsciiDigits(String prefix, String value, String code) throws IOException {
    Answer answer = get(prefix + encode(value));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).containsAnyOf("\"code\":\"" + code + "\"", "\"code\":\"invalid_query\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cursor=0&cursor=0&timeout=0", "timeout=0&timeout=1", "limit=1&limit=1&timeout=0"})
  void aParameterGivenTwiceIsRefused(String query) throws IOException {
    Answer answer = get("/v1/updates?" + query);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("given more than once");
  }

  private Answer get(String target) throws IOException {
    return RawHttp.exchange(port, RawHttp.concat(RawHttp.ascii("GET "), RawHttp.ascii(target),
        RawHttp.ascii(" HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer " + token(freshUser("alice")) + "\r\n\r\n")));
  }

  private Answer post(String path, String headers, byte[] body) throws IOException {
    return post(freshUser("alice"), path, headers, body);
  }

  private Answer post(String user, String path, String headers, byte[] body) throws IOException {
    byte[] head = RawHttp.ascii("POST " + path + " HTTP/1.1\r\nHost: perch\r\nAuthorization: Bearer " + token(user)
        + "\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n");
    return RawHttp.exchange(port, RawHttp.concat(head, body));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Spaces escaped (a raw one would end the request target); the rest as raw UTF-8 bytes. */
  private static String encode(String value) {
    return new String(value.replace(" ", "%20").getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static void assertProblem(Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
    assertThat(answer.body()).contains("\"code\":\"" + code + "\"").doesNotContain("Exception");
  }
}
