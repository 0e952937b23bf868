/** The sealed family of failures with stable codes that every module throws and the API maps to HTTP. */
package dev.perch.error;
