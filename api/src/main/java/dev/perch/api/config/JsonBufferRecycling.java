package dev.perch.api.config;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds Boot's JSON mapper (with every {@link JsonMapperBuilderCustomizer}, as Boot would) on a
 * stream factory that keeps Jackson's buffer recyclers per thread.
 *
 * <p>Spring Framework 7.0's Jackson encoder takes a recycler from the factory's pool for every
 * body it writes and never gives it back (spring-framework#37058). With Jackson 3's default pool,
 * which only refills from such give-backs, every response and request body allocated fresh
 * buffers (about 18 KiB per response; docs/benchmarks.md, "Profile, then fix"). A thread-local pool
 * needs no give-back, and requests run on a few long-lived event-loop threads, so it holds a few
 * recyclers in all.
 */
@Configuration(proxyBeanMethods = false)
class JsonBufferRecycling {

  @Bean
  @Scope("prototype")
  JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
    JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
    JsonMapper.Builder builder = JsonMapper.builder(factory);
    customizers.forEach(customizer -> customizer.customize(builder));
    return builder;
  }
}
