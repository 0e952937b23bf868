package dev.perch.bus.redis;

import dev.perch.bus.DeliveryBus;
import dev.perch.bus.DeliveryBusContract;
import dev.perch.bus.WakeListener;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The bus contract on a real Redis. */
class RedisDeliveryBusIT extends DeliveryBusContract {

  private static final String PREFIX = TestRedis.prefix(RedisDeliveryBusIT.class);
  private static RedisClient client;

  private final List<RedisDeliveryBus> buses = new ArrayList<>();

  @BeforeAll
  static void connect() {
    TestRedis.requireReachable();
    client = RedisClient.create();
  }

  @AfterAll
  static void disconnect() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  @AfterEach
  void closeBuses() {
    buses.forEach(RedisDeliveryBus::close);
  }

  @Override
  protected DeliveryBus bus(WakeListener listener) {
    RedisDeliveryBus bus = RedisDeliveryBus.connect(
            RedisServers.single(client, TestRedis.uri(TestRedis.clientName("contract"))), listener,
            RedisBusOptions.defaults().withPrefix(PREFIX))
        .block(DEADLINE);
    buses.add(bus);
    return bus;
  }
}
