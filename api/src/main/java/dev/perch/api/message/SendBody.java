package dev.perch.api.message;

/** The JSON body of {@code POST /v1/messages}, to a user or a group; validated into an OutgoingMessage. */
record SendBody(String to, String group, String text, String clientMsgId) {}
