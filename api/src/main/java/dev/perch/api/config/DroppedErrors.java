package dev.perch.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Hooks;

/**
 * An error Reactor drops arrived after its subscriber was gone: in Perch, a request whose client
 * disconnected or whose body timed out, after it was already answered or cut. Reactor logs those
 * at ERROR with a stack trace; here they are one INFO line, so ERROR stays what operators alert
 * on: a Perch bug.
 */
@Component
final class DroppedErrors implements InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

  @Override
  public void afterPropertiesSet() {
    Hooks.onErrorDropped(error -> log.info("error after its request had ended: {}", error.toString()));
  }

  @Override
  public void destroy() {
    Hooks.resetOnErrorDropped();
  }
}
