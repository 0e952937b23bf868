package dev.perch.send;

import dev.perch.error.InvalidRequestException;
import dev.perch.model.ConversationId;
import dev.perch.model.UserId;
import java.util.Objects;

/**
 * A validated request to send a message, to one user ({@code to}) or to a group ({@code group}),
 * never both. {@code text} is 1 to {@value #MAX_TEXT_LENGTH} characters (Unicode code points) and
 * not blank; {@code clientMsgId}, when given, is 1 to {@value #MAX_CLIENT_MSG_ID_LENGTH} printable
 * ASCII characters.
 */
public record OutgoingMessage(UserId from, UserId to, ConversationId group, String text, String clientMsgId) {

  public static final int MAX_TEXT_LENGTH = 4096;
  public static final int MAX_CLIENT_MSG_ID_LENGTH = 128;

  /** A 1-1 message. */
  public OutgoingMessage(UserId from, UserId to, String text, String clientMsgId) {
    this(from, to, null, text, clientMsgId);
  }

  public OutgoingMessage {
    Objects.requireNonNull(from, "from");
    if ((to == null) == (group == null)) {
      throw new InvalidRequestException("invalid_recipient", "Give either to (a user id) or group (a group id), not both.");
    }
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException("text_required", "text is required and must not be blank.");
    }
    if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
      throw new InvalidRequestException(
          "text_too_long", "text is at most " + MAX_TEXT_LENGTH + " characters.");
    }
    if (clientMsgId != null && !isPrintableAscii(clientMsgId)) {
      throw new InvalidRequestException(
          "invalid_client_msg_id",
          "clientMsgId is 1 to " + MAX_CLIENT_MSG_ID_LENGTH + " printable ASCII characters.");
    }
  }

  private static boolean isPrintableAscii(String value) {
    if (value.isEmpty() || value.length() > MAX_CLIENT_MSG_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
