/**
 * Perch's lean HTTP layer on Reactor Netty routes: the entry every API request passes
 * ({@link dev.perch.api.http.HttpEntry}), the one route table, request sanity, strict query and
 * JSON body parsing, connection deadlines, and what handlers see ({@link dev.perch.api.http.Exchange})
 * and answer ({@link dev.perch.api.http.Reply}).
 */
package dev.perch.api.http;
