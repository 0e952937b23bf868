package dev.perch.api.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Caps request bodies at {@value #MAX_BODY_BYTES} bytes; a larger one answers 413 body_too_large. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

  static final int MAX_BODY_BYTES = 64 * 1024;

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES);
  }
}
