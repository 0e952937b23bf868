package dev.perch.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.perch.model.Message;

/**
 * A message on the wire. The 64-bit id is a string so JavaScript clients keep every digit; a
 * group's message has no {@code to} (its {@code conversationId} is the group's id).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(
    String id, String conversationId, String from, String to, String text, String clientMsgId, String sentAt) {

  public static MessageView of(Message message) {
    return new MessageView(
        Long.toString(message.id()),
        message.conversationId().value(),
        message.from().value(),
        message.to() == null ? null : message.to().value(),
        message.text(),
        message.clientMsgId(),
        WireTime.format(message.sentAt()));
  }
}
