package dev.perch.api.config;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON setup, Boot's mapper as every part of Perch reads and writes with it:
 *
 * <ul>
 *   <li>request bodies are strict: a string field must arrive as a JSON string ({@code "text": 5}
 *       or {@code "to": 42} is a client bug, 400 malformed_json, not a message "5" to user "42"); a
 *       key given twice, anything after the value, or nesting deeper than {@value #MAX_DEPTH} is
 *       refused the same way;
 *   <li>the stream factory keeps Jackson's buffer recyclers per thread: requests run on a few
 *       long-lived event-loop threads, so it holds a few recyclers in all, and none is allocated
 *       per body.
 * </ul>
 *
 * The builder is Boot's (every {@link JsonMapperBuilderCustomizer} applied, as Boot would).
 */
@Configuration(proxyBeanMethods = false)
class JsonSetup {

  static final int MAX_DEPTH = 32;

  @Bean
  @Scope("prototype")
  JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
    JsonFactory factory = JsonFactory.builder()
        .recyclerPool(JsonRecyclerPools.threadLocalPool())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
        .build();
    JsonMapper.Builder builder = JsonMapper.builder(factory);
    customizers.forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  @Bean
  JsonMapperBuilderCustomizer strictRequestBodies() {
    return builder -> builder
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .withCoercionConfig(LogicalType.Textual, config -> config
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
