/** Long-polls: waiters, their registry, and the service that reads, parks and answers. */
package dev.perch.poll;
