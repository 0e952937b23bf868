package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.api.http.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/openapi.json}: the document in the repository, served without a token and with a
 * tag to revalidate against; and the document's operations are exactly the route table's routes.
 */
class OpenApiDocumentIT extends ApiTestSupport {

  @Autowired
  private RouteTable routes;

  private static byte[] resource() throws IOException {
    try (InputStream in = OpenApiDocumentIT.class.getResourceAsStream("/openapi.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theDocumentIsServedWithoutATokenAsItIsInTheRepository() throws IOException {
    byte[] served = http.get().uri("/v1/openapi.json").exchange()
        .expectStatus().isOk()
        .expectHeader().contentType("application/json")
        .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
        .expectHeader().doesNotExist("X-Perch-Node")
        .expectBody().returnResult().getResponseBody();
    assertThat(served).isEqualTo(resource());

    http.get().uri("/v1/openapi.json").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token").exchange()
        .expectStatus().isOk();
  }

  @Test
  void aClientHoldingTheCurrentTagGets304WithoutTheBytes() {
    String etag = http.get().uri("/v1/openapi.json").exchange()
        .expectStatus().isOk()
        .returnResult(byte[].class).getResponseHeaders().getETag();
    assertThat(etag).matches("\"[0-9a-f]{32}\"");

    http.get().uri("/v1/openapi.json").header(HttpHeaders.IF_NONE_MATCH, "\"other\", W/" + etag).exchange()
        .expectStatus().isNotModified()
        .expectHeader().valueEquals(HttpHeaders.ETAG, etag)
        .expectBody().isEmpty();
    http.get().uri("/v1/openapi.json").header(HttpHeaders.IF_NONE_MATCH, "\"other\"").exchange()
        .expectStatus().isOk();
  }

  @Test
  void otherMethodsAre405WithoutATokenAndOtherPathsStillNeedOne() throws IOException {
    RawHttp.Answer head =
        RawHttp.exchange(port, RawHttp.ascii("HEAD /v1/openapi.json HTTP/1.1\r\nHost: perch\r\n\r\n"));
    assertThat(head.status()).isEqualTo(405);
    assertThat(head.headers()).containsEntry("allow", "GET");
    http.post().uri("/v1/openapi.json").exchange().expectStatus().isEqualTo(405);
    http.get().uri("/v1/openapi.yaml").exchange().expectStatus().isUnauthorized();
    http.get().uri("/v1/openapi.json/x").exchange().expectStatus().isUnauthorized();
  }

  /** Read from both sides: a route the document lacks, or an operation no route serves, fails. */
  @Test
  void everyRouteIsAnOperationOfTheDocumentAndEveryOperationARoute() throws IOException {
    JsonNode paths = JsonMapper.builder().build().readTree(resource()).get("paths");
    Set<String> documented = new TreeSet<>();
    for (String path : paths.propertyNames()) {
      for (String method : paths.get(path).propertyNames()) {
        JsonNode security = paths.get(path).get(method).get("security");
        boolean open = security != null && security.isEmpty();
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path + (open ? " public" : ""));
      }
    }
    Set<String> served = new TreeSet<>();
    for (RouteTable.Endpoint endpoint : routes.endpoints()) {
      served.add(endpoint.method().name() + " " + endpoint.template() + (endpoint.authenticated() ? "" : " public"));
    }
    assertThat(documented).isEqualTo(served);
  }
}
