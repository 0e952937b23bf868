package dev.perch.loadgen.target;

import java.util.ArrayList;
import java.util.List;

/** A {@link Receiver} that keeps what it heard, for tests. */
final class Received implements Receiver {

  /** One message as heard. */
  record Message(int recipient, String text, long major, long minor, long arrivedNanos) {}

  final List<Message> messages = new ArrayList<>();

  @Override
  public synchronized void message(int recipient, String text, long major, long minor, long arrivedNanos) {
    messages.add(new Message(recipient, text, major, minor, arrivedNanos));
  }

  synchronized List<Message> messages() {
    return List.copyOf(messages);
  }
}
