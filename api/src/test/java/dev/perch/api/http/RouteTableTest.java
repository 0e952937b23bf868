package dev.perch.api.http;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Which paths of a route table need a bearer token, and how it lists its routes. */
class RouteTableTest {

  private static final Handler NONE = exchange -> Mono.empty();

  private final RouteTable routes = RouteTable.builder()
      .route(GET, "/v1/things/{id}", NONE)
      .publicRoute(GET, "/v1/open", NONE)
      .publicRoute(GET, "/v1/things/open", NONE)
      .build();

  @Test
  void onlyAPathThatAPublicRouteAloneMatchesNeedsNoToken() {
    assertThat(routes.needsToken("/v1/open")).isFalse();
    assertThat(routes.needsToken("/v1/things/1")).isTrue();
    assertThat(routes.needsToken("/v1/unknown")).isTrue();
    assertThat(routes.needsToken("/v1/open/more")).isTrue();
    // An authenticated route matches it too: the token is asked for, whatever the method.
    assertThat(routes.needsToken("/v1/things/open")).isTrue();
  }

  @Test
  void theEndpointsAreTheRoutesInOrder() {
    assertThat(routes.endpoints()).containsExactly(
        new RouteTable.Endpoint(GET, "/v1/things/{id}", true),
        new RouteTable.Endpoint(GET, "/v1/open", false),
        new RouteTable.Endpoint(GET, "/v1/things/open", false));
    assertThat(RouteTable.builder().route(POST, "/v1/x", NONE).build().endpoints()).isEqualTo(
        List.of(new RouteTable.Endpoint(POST, "/v1/x", true)));
  }
}
