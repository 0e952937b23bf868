package dev.perch.api.auth;

import dev.perch.api.config.PerchProperties;
import java.time.Clock;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The server's HS256 key and the bearer-token check every {@code /v1} request passes. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  @Bean
  SecretKey jwtKey(PerchProperties properties) {
    return JwtSecret.resolve(properties.auth().secret(), properties.auth().secretFile());
  }

  @Bean
  BearerAuth bearerAuth(SecretKey jwtKey, Clock clock, PerchProperties properties) {
    return new BearerAuth(jwtKey, clock, properties.auth().verifiedTokens());
  }
}
