package dev.perch.api;

import dev.perch.api.auth.TokenCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the Perch server; {@code token <user>} instead prints a bearer token and exits. */
@SpringBootApplication
public class PerchApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("token")) {
      System.exit(TokenCommand.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(PerchApplication.class, args);
  }
}
