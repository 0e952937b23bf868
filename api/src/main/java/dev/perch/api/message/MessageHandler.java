package dev.perch.api.message;

import dev.perch.api.http.Exchange;
import dev.perch.api.http.MessageView;
import dev.perch.api.http.Reply;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.ConversationId;
import dev.perch.model.UserId;
import dev.perch.send.GroupSendService;
import dev.perch.send.OutgoingMessage;
import dev.perch.send.SendLimit;
import dev.perch.send.SendRate;
import dev.perch.send.SendService;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/messages}, to a user ({@code to}) or a group ({@code group}): 201 with the
 * stored message once it is durable; 200 with the same
 * message when the sender repeats a {@code clientMsgId}; 429 {@code rate_limited} when the sender is
 * over its {@link SendRate} (checked once the request is valid, so a refused request costs no
 * token); 503 {@code overloaded} when the node already runs as many sends as {@link SendLimit}
 * allows.
 */
public final class MessageHandler {

  private final SendService sends;
  private final GroupSendService groupSends;
  private final SendRate rate;
  private final SendLimit limit;
  private final SendOutcomes outcomes;

  public MessageHandler(
      SendService sends, GroupSendService groupSends, SendRate rate, SendLimit limit, MeterRegistry registry) {
    this.sends = sends;
    this.groupSends = groupSends;
    this.rate = rate;
    this.limit = limit;
    this.outcomes = new SendOutcomes(registry);
  }

  public Mono<Reply> send(Exchange exchange) {
    return exchange.body(SendBody.class)
        .flatMap(body -> outcomes.record(Mono.defer(() -> {
          OutgoingMessage outgoing = outgoing(exchange.caller(), body);
          rate.acquire(outgoing.from());
          return limit.admit(outgoing.group() == null
              ? sends.send(outgoing, exchange.loop())
              : groupSends.send(outgoing, exchange.loop()));
        })))
        .map(sent -> new Reply(
            sent.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
            "/v1/conversations/" + sent.message().conversationId() + "/messages",
            MessageView.of(sent.message())));
  }

  private static OutgoingMessage outgoing(UserId caller, SendBody body) {
    if (body.group() != null) {
      if (body.to() != null) {
        throw new InvalidRequestException("invalid_recipient", "Give either to (a user id) or group (a group id), not both.");
      }
      return new OutgoingMessage(caller, null, ConversationId.parseGroup(body.group()), body.text(), body.clientMsgId());
    }
    if (body.to() == null) {
      throw new InvalidRequestException("invalid_user_id", "to is required: the recipient's user id (or group: a group id).");
    }
    return new OutgoingMessage(caller, UserId.of(body.to()), body.text(), body.clientMsgId());
  }
}
