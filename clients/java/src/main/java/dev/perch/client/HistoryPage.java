package dev.perch.client;

import java.util.List;

/**
 * One page of a conversation's history.
 *
 * @param messages newest first
 * @param next the {@code before} of the next, older page; {@code null} when this page is the last
 *     (set whenever the page is full, so the page after a full one may be empty)
 */
public record HistoryPage(List<Message> messages, Long next) {

  public HistoryPage {
    messages = List.copyOf(messages);
  }

  /** Whether there may be an older page. */
  public boolean hasNext() {
    return next != null;
  }
}
