package dev.perch.api.message;

/** The JSON body of {@code POST /v1/messages}; validated into an OutgoingMessage. */
record SendBody(String to, String text, String clientMsgId) {}
