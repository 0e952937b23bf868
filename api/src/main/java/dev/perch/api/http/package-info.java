/** Small pieces every HTTP feature shares: the caller, query parameters, the message view. */
package dev.perch.api.http;
