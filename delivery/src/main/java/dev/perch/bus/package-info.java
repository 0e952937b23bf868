/** The delivery bus seam and its in-process implementation; {@code bus.redis} spans nodes. */
package dev.perch.bus;
