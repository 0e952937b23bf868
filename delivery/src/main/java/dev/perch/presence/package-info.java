/**
 * Presence: who polls now, on which nodes, and telling a user's 1-1 peers when they come online or
 * go offline.
 */
package dev.perch.presence;
