package dev.perch.api.auth;

import dev.perch.api.config.PerchProperties;
import dev.perch.api.error.ProblemWriter;
import dev.perch.model.UserId;
import java.time.Clock;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Bearer-token auth: HS256 JWTs with an {@code exp} and a {@code sub} that is a valid user id, verified by Spring Security's
 * resource server, and remembered until they expire once verified. {@code /v1/**} needs a token;
 * health is open. Failures answer problem+json
 * ({@code unauthorized} 401, {@code forbidden} 403).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  /**
   * Most verified tokens remembered at once (see {@link CachingJwtDecoder}). A token with its claims
   * takes about 1 KiB, so about 10 MiB in all; a token that is not remembered is verified in full,
   * as every request was before the cache.
   */
  static final int VERIFIED_TOKENS = 10_000;

  @Bean
  SecretKey jwtKey(PerchProperties properties) {
    return JwtSecret.resolve(properties.auth().secret(), properties.auth().secretFile());
  }

  @Bean
  ReactiveJwtDecoder jwtDecoder(SecretKey jwtKey, Clock clock) {
    NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(jwtKey)
        .macAlgorithm(MacAlgorithm.HS256)
        .build();
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefault(), SecurityConfiguration::expires, SecurityConfiguration::validSubject));
    return new CachingJwtDecoder(decoder, clock, VERIFIED_TOKENS);
  }

  /**
   * No observations of the filter chain, authentication or authorization: nothing reads them, and
   * with them every request wraps each security filter in an observation that a parked poll keeps
   * alive for as long as it waits (docs/benchmarks.md, "Profile, then fix").
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ProblemWriter problems) {
    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .authorizeExchange(exchanges -> exchanges
            .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
            .anyExchange().authenticated())
        .oauth2ResourceServer(oauth -> oauth
            .jwt(jwt -> {})
            .authenticationEntryPoint((exchange, e) -> problems.write(exchange, HttpStatus.UNAUTHORIZED,
                "unauthorized", "A valid bearer token is required: Authorization: Bearer <token>."))
            .accessDeniedHandler((exchange, e) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                "forbidden", "This token may not access this resource.")))
        .exceptionHandling(handling -> handling
            .authenticationEntryPoint((exchange, e) -> problems.write(exchange, HttpStatus.UNAUTHORIZED,
                "unauthorized", "A valid bearer token is required: Authorization: Bearer <token>.")))
        .build();
  }

  /** A token without {@code exp} would be valid forever; Perch requires every token to expire. */
  private static OAuth2TokenValidatorResult expires(Jwt jwt) {
    return jwt.getExpiresAt() != null
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "exp is required", null));
  }

  private static OAuth2TokenValidatorResult validSubject(Jwt jwt) {
    try {
      UserId.of(jwt.getSubject());
      return OAuth2TokenValidatorResult.success();
    } catch (RuntimeException e) {
      return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "sub is not a valid user id", null));
    }
  }
}
