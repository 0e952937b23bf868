/** Sending: validate, store durably, append to each participant's stream, wake their polls. */
package dev.perch.send;
