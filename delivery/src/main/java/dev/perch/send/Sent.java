package dev.perch.send;

import dev.perch.model.Message;

/** A send's answer: the stored message, and false when it repeated an earlier send's clientMsgId. */
public record Sent(Message message, boolean created) {}
