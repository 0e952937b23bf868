package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Creates the keyspace, type and tables the CQL stores need, from the {@code cql/*.cql} resources
 * with the keyspace name, its replication and properties, and the TTLs filled in from the options. Every
 * statement is {@code IF NOT EXISTS}, so applying it again, or from several nodes at once, changes
 * nothing; an existing table is never altered. Statements run one after another, each after the
 * cluster agreed on the previous schema change.
 */
public final class CqlSchema {

  /** In dependency order: the keyspace and the type before the tables that use them. */
  private static final List<String> FILES = List.of("keyspace.cql", "messages.cql", "updates.cql");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_]+)}");
  /** A schema change waits for every node to agree, which takes far longer than a request. */
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

  private CqlSchema() {}

  /** Applies the schema; lazy, completes when every statement has been applied. */
  public static Mono<Void> apply(CqlSession session, CqlStoreOptions options) {
    return Mono.fromCallable(() -> statements(options))
        // Reading class path resources is file I/O: keep it off the caller's (maybe event loop) thread.
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapIterable(statements -> statements)
        .concatMap(cql -> Mono.fromCompletionStage(() -> session.executeAsync(
            SimpleStatement.builder(cql).setTimeout(DDL_TIMEOUT).build())))
        .then();
  }

  /** The schema's statements for {@code options}, in the order they must run. */
  static List<String> statements(CqlStoreOptions options) {
    Map<String, String> values = Map.of(
        "keyspace", options.keyspace(),
        "replication", options.replication(),
        "keyspace_properties", options.keyspaceProperties().strip(),
        "update_ttl_seconds", Integer.toString(options.updateTtlSeconds()),
        "idempotency_ttl_seconds", Integer.toString(options.idempotencyTtlSeconds()));
    List<String> statements = new ArrayList<>();
    for (String file : FILES) {
      for (String statement : withoutComments(read(file)).split(";")) {
        if (!statement.isBlank()) {
          statements.add(fill(statement, values).strip());
        }
      }
    }
    return statements;
  }

  private static String read(String file) {
    String path = "cql/" + file;
    try (InputStream in = CqlSchema.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + path, e);
    }
  }

  private static String withoutComments(String text) {
    return text.replaceAll("(?m)--.*$", "");
  }

  private static String fill(String statement, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(statement);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("schema variable ${" + m.group(1) + "} has no value");
      }
      m.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    return m.appendTail(filled).toString();
  }
}
