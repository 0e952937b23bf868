package dev.perch.api;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks every answer a {@link WebClient} (or a {@code WebTestClient}) gets against the OpenAPI
 * document ({@link OpenApiContract}) before the test sees it: a whole body is read, checked and
 * handed on as it came; a stream is handed on chunk by chunk as it arrives, each item checked when
 * its last byte passes. A violation fails the exchange (or the stream) with its
 * {@link AssertionError}.
 */
final class ContractFilter implements ExchangeFilterFunction {

  static final ContractFilter INSTANCE = new ContractFilter(OpenApiContract.DOCUMENT);

  private final OpenApiContract contract;

  private ContractFilter(OpenApiContract contract) {
    this.contract = contract;
  }

  /** A client of {@code baseUrl} whose answers are all checked. */
  static WebClient webClient(String baseUrl) {
    return WebClient.builder().baseUrl(baseUrl).filter(INSTANCE).build();
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return next.exchange(request).flatMap(response -> {
      OpenApiContract.Body body = contract.answer(request.method().name(), request.url().getRawPath(),
          response.statusCode().value(), name -> response.headers().asHttpHeaders().getFirst(name));
      if (body.streamed()) {
        return Mono.just(response.mutate().body(chunks -> chunks.doOnNext(chunk -> body.feed(bytes(chunk)))).build());
      }
      return response.bodyToMono(byte[].class)
          .defaultIfEmpty(new byte[0])
          .map(bytes -> {
            body.check(new String(bytes, StandardCharsets.UTF_8));
            Flux<DataBuffer> same = Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes));
            return response.mutate().body(same).build();
          });
    });
  }

  /** The chunk's readable bytes, leaving it as it is for whoever reads it next. */
  private static byte[] bytes(DataBuffer chunk) {
    return chunk.toString(chunk.readPosition(), chunk.readableByteCount(), StandardCharsets.ISO_8859_1)
        .getBytes(StandardCharsets.ISO_8859_1);
  }
}
