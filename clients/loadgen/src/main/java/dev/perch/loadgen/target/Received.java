package dev.perch.loadgen.target;

/**
 * One message as a poller received it.
 *
 * @param payload the text that was published
 * @param position where the server placed it in the recipient's stream
 */
public record Received(String payload, Position position) {}
