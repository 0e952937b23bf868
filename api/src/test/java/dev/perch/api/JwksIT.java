package dev.perch.api;

import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tokens from an identity provider: keys the test makes, published as a JWKS by an HTTP server the
 * test runs on loopback; Perch fetches the set and verifies RS256 and ES256 tokens against it, with
 * the issuer, audience and user-claim rules, and picks up a rotated key.
 */
class JwksIT extends ApiTestSupport {

  private static final String ISSUER = "https://idp.example.test/realms/perch";
  private static final String AUDIENCE = "perch-api";
  private static final RSAKey RSA = generateRsa("rsa-1");
  private static final ECKey EC = generateEc("ec-1");
  private static final List<JWK> PUBLISHED = new ArrayList<>(List.of(RSA.toPublicJWK(), EC.toPublicJWK()));
  private static final HttpServer IDP = serveJwks();

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry properties) {
    properties.add("perch.auth.jwks.uri", () -> "http://127.0.0.1:" + IDP.getAddress().getPort() + "/jwks.json");
    properties.add("perch.auth.jwks.issuer", () -> ISSUER);
    properties.add("perch.auth.jwks.audience", () -> AUDIENCE);
    properties.add("perch.auth.jwks.user-claim", () -> "preferred_username");
  }

  @AfterAll
  static void stopProvider() {
    IDP.stop(0);
  }

  @Test
  void rs256AndEs256TokensOfTheProviderAreAcceptedAndHs256StillIs() {
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> {}), 200);
    expectStatus(sign(EC, JWSAlgorithm.ES256, claims -> {}), 200);
    expectStatus(token("alice"), 200);
  }

  @Test
  void tokensBreakingTheProvidersRulesAre401() {
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.issuer("https://elsewhere.test")), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.issuer(null)), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.audience("another-api")), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(120)))), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.expirationTime(null)), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.claim("preferred_username", null)), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.claim("preferred_username", "not a user id")), 401);
    expectStatus(sign(RSA, JWSAlgorithm.RS256, claims -> claims.claim("preferred_username", 42)), 401);
    expectStatus(sign(generateRsa("rsa-1"), JWSAlgorithm.RS256, claims -> {}), 401);
    expectStatus(new PlainJWT(new PlainHeader(), claims(claims -> {})).serialize(), 401);
  }

  @Test
  void aKeyPublishedAfterStartIsFetchedWhenATokenFirstNamesIt() {
    RSAKey rotated = generateRsa("rsa-2");
    synchronized (PUBLISHED) {
      PUBLISHED.add(rotated.toPublicJWK());
    }
    String token = sign(rotated, JWSAlgorithm.RS256, claims -> {});
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> expectStatus(token, 200));
  }

  private void expectStatus(String token, int status) {
    http.get().uri("/v1/updates?timeout=0").headers(h -> h.setBearerAuth(token)).exchange()
        .expectStatus().isEqualTo(status);
  }

  private static String sign(JWK key, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> change) {
    try {
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims(change));
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "account"))
        .subject("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
        .claim("preferred_username", "carol")
        .expirationTime(Date.from(Instant.now().plusSeconds(300)));
    change.accept(claims);
    return claims.build();
  }

  private static HttpServer serveJwks() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/jwks.json", exchange -> {
        byte[] body;
        synchronized (PUBLISHED) {
          body = new JWKSet(PUBLISHED).toString().getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RSAKey generateRsa(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey generateEc(String id) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
