/** The embedded default stores: in-process, bounded by retention, no services needed. */
package dev.perch.store.memory;
