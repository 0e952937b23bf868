package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document itself: valid OpenAPI 3.1, and its problem codes one list. */
class OpenApiDocumentTest {

  private static String document() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void itParsesAsOpenApi31WithoutAMessage() throws IOException {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
  }

  /** Each status's codes are its own, and together they are every code of ProblemCode. */
  @Test
  void theCodesOfTheProblemResponsesAreExactlyTheProblemCodes() throws IOException {
    JsonNode document = JsonMapper.builder().build().readTree(document());
    Set<String> all = new TreeSet<>();
    document.at("/components/schemas/ProblemCode/enum").forEach(code -> all.add(code.asString()));
    Set<String> byStatus = new TreeSet<>();
    for (JsonNode response : document.at("/components/responses")) {
      JsonNode codes = response.at("/content/application~1problem+json/schema/properties/code/enum");
      codes.forEach(code -> assertThat(byStatus.add(code.asString())).as("%s under one status only", code).isTrue());
    }
    assertThat(byStatus).isEqualTo(all);
  }
}
