package dev.perch.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * A server with small connection timeouts and a small send rate, so tests can reach them; every
 * class with it shares one application context.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(properties = {
    "perch.http.header-timeout=1s", "perch.http.idle-timeout=6s", "perch.http.body-timeout=1s",
    "perch.limits.send-rate=1", "perch.limits.send-burst=3", "perch.limits.send-rate-overrides.billing=1000"})
@interface TightLimits {}
