package dev.perch.api.message;

import dev.perch.api.http.Caller;
import dev.perch.api.http.MessageView;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.UserId;
import dev.perch.send.OutgoingMessage;
import dev.perch.send.SendLimit;
import dev.perch.send.SendService;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/messages}: 201 with the stored message once it is durable; 200 with the same
 * message when the sender repeats a {@code clientMsgId}; 503 {@code overloaded} when the node already
 * runs as many sends as {@link SendLimit} allows.
 */
final class MessageHandler {

  private final SendService sends;
  private final SendLimit limit;

  MessageHandler(SendService sends, SendLimit limit) {
    this.sends = sends;
    this.limit = limit;
  }

  Mono<ServerResponse> send(ServerRequest request) {
    return Caller.of(request)
        .zipWith(request.bodyToMono(SendBody.class)
            .switchIfEmpty(Mono.error(() -> new InvalidRequestException("malformed_json", "A JSON body is required."))))
        .map(callerAndBody -> outgoing(callerAndBody.getT1(), callerAndBody.getT2()))
        .flatMap(outgoing -> limit.admit(sends.send(outgoing)))
        .flatMap(sent -> ServerResponse
            .status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
            .location(URI.create("/v1/conversations/" + sent.message().conversationId() + "/messages"))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(MessageView.of(sent.message())));
  }

  private static OutgoingMessage outgoing(UserId caller, SendBody body) {
    if (body.to() == null) {
      throw new InvalidRequestException("invalid_user_id", "to is required: the recipient's user id.");
    }
    return new OutgoingMessage(caller, UserId.of(body.to()), body.text(), body.clientMsgId());
  }
}
