/**
 * The servers the generator drives, over plain HTTP only: Perch through its public API and Nchan
 * through its publisher and long-poll subscriber endpoints, behind one {@link
 * dev.perch.loadgen.target.Target} seam.
 */
package dev.perch.loadgen.target;
