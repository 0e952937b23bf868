/**
 * What Perch's meters share. Components below the API record into Micrometer's global registry,
 * which the server's Prometheus registry joins (Spring Boot's
 * {@code management.metrics.use-global-registry}); meters of one node's objects (parked polls, the
 * owed backlog) are bound by the API module to its own registry.
 */
package dev.perch.metrics;
