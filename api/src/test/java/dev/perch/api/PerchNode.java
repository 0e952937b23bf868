package dev.perch.api;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One Perch node in this JVM: an application context on its own random port. */
final class PerchNode implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private PerchNode(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /**
   * Starts a durable-backend node sharing the local Redis and Cassandra under {@code namespace}.
   * Settings go in as command-line arguments, which outrank application.yml.
   */
  static PerchNode durable(int nodeId, String namespace, String... extraArguments) {
    List<String> properties = new ArrayList<>(List.of(
        "--server.port=0",
        "--perch.backend=durable",
        "--perch.node-id=" + nodeId,
        "--perch.auth.secret=" + ApiTestSupport.SECRET,
        "--perch.cql.keyspace=" + namespace,
        "--perch.redis.prefix=" + namespace + ":"));
    String redis = System.getenv("PERCH_REDIS_URI");
    if (redis != null) {
      properties.add("--perch.redis.uri=" + redis);
    }
    String cql = System.getenv("PERCH_CQL_CONTACT_POINTS");
    if (cql != null) {
      properties.add("--perch.cql.contact-points=" + cql);
    }
    properties.addAll(List.of(extraArguments));
    return new PerchNode(new SpringApplicationBuilder(PerchApplication.class).run(properties.toArray(String[]::new)));
  }

  String url() {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
