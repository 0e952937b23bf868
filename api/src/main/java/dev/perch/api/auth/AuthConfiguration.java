package dev.perch.api.auth;

import dev.perch.api.config.PerchProperties;
import java.time.Clock;
import javax.crypto.SecretKey;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's HS256 key, an identity provider's keys when {@code perch.auth.jwks.uri} is set, and
 * the bearer-token check every {@code /v1} request passes.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  @Bean
  SecretKey jwtKey(PerchProperties properties) {
    return JwtSecret.resolve(properties.auth().secret(), properties.auth().secretFile());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty("perch.auth.jwks.uri")
  JwksKeys jwksKeys(PerchProperties properties, Clock clock) {
    PerchProperties.Jwks jwks = properties.auth().jwks();
    return new JwksKeys(jwks.uri(), jwks.refresh(), clock);
  }

  @Bean
  BearerAuth bearerAuth(SecretKey jwtKey, Clock clock, PerchProperties properties, ObjectProvider<JwksKeys> jwksKeys) {
    PerchProperties.Jwks jwks = properties.auth().jwks();
    JwksKeys keys = jwksKeys.getIfAvailable();
    JwksVerifier provider =
        keys == null ? null : new JwksVerifier(keys, jwks.issuer(), jwks.audience(), jwks.userClaim());
    TokenVerifier verifier = new TokenVerifier(jwtKey, provider, clock);
    return new BearerAuth(new VerifiedTokens(verifier::verify, clock, properties.auth().verifiedTokens()));
  }
}
