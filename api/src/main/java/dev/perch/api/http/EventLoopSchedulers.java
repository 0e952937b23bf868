package dev.perch.api.http;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One Reactor {@link Scheduler} per server event loop, made once and kept (there are as many as
 * cores), so a poll's timer and rings run on its own connection's loop without a scheduler made
 * per request. Never disposed: disposing one would shut its event loop down.
 */
final class EventLoopSchedulers {

  private static final ConcurrentMap<EventLoop, Scheduler> BY_LOOP = new ConcurrentHashMap<>();

  private EventLoopSchedulers() {}

  static Scheduler of(EventLoop loop) {
    Scheduler known = BY_LOOP.get(loop);
    return known != null ? known : BY_LOOP.computeIfAbsent(loop, Schedulers::fromExecutorService);
  }
}
