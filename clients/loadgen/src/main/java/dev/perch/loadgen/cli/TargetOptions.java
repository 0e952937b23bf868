package dev.perch.loadgen.cli;

import dev.perch.loadgen.measure.ServerProcesses;
import dev.perch.loadgen.target.ClientOptions;
import dev.perch.loadgen.target.NchanTarget;
import dev.perch.loadgen.target.PerchTarget;
import dev.perch.loadgen.target.Secrets;
import dev.perch.loadgen.target.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which servers a workload drives and how to reach them; shared by every workload command. */
final class TargetOptions {

  @Option(names = "--target", defaultValue = "perch",
      description = "perch, nchan, or both (Perch first, then Nchan, then their ratios). Default: ${DEFAULT-VALUE}.")
  String target;

  @Option(names = "--perch-url", split = ",", defaultValue = "http://127.0.0.1:8080",
      description = "Perch base URL; several (comma-separated) spread recipients over independent nodes. Default: ${DEFAULT-VALUE}.")
  List<String> perchUrls;

  @Option(names = "--secret", defaultValue = "${env:PERCH_AUTH_SECRET}",
      description = "Perch's HS256 secret (its UTF-8 bytes), as the server's perch.auth.secret. Default: $PERCH_AUTH_SECRET.")
  String secret;

  @Option(names = "--secret-file",
      description = "Perch's generated secret file (base64), used when no --secret is given. Default: ~/.perch/jwt-secret.")
  Path secretFile;

  @Option(names = "--nchan-url", defaultValue = "http://127.0.0.1:8090",
      description = "Nchan base URL, as dev/nchan.sh starts it. Default: ${DEFAULT-VALUE}.")
  String nchanUrl;

  @Option(names = "--senders", defaultValue = "16",
      description = "Perch sender users, taking turns; 1 is the one-sender mode: one account sends to every "
          + "recipient. Default: ${DEFAULT-VALUE}.")
  int senders;

  @Option(names = "--poll-limit", defaultValue = "500",
      description = "Perch's limit: most updates per poll answer (1-500). Default: ${DEFAULT-VALUE}.")
  int pollLimit;

  @Option(names = "--publish-connections", defaultValue = "64",
      description = "Keep-alive connections per server shared by publishes (every poller has its own). "
          + "Default: ${DEFAULT-VALUE}.")
  int publishConnections;

  @Option(names = "--perch-pid", split = ",",
      description = "Perch's PID (several, comma-separated, for several nodes): its CPU time and, for parked, memory "
          + "are measured. Default: not measured.")
  List<Long> perchPids = List.of();

  @Option(names = "--nchan-pid",
      description = "Nchan's nginx master PID (dev/nchan.sh pid), measured with its workers. Default: not measured.")
  long nchanPid;

  /** The server processes to measure for {@code kind}. */
  ServerProcesses server(String kind) {
    return new ServerProcesses(kind.equals("perch") ? perchPids : List.of(nchanPid));
  }

  /** The targets to run, in order. */
  List<String> kinds() {
    return switch (target) {
      case "perch" -> List.of("perch");
      case "nchan" -> List.of("nchan");
      case "both" -> List.of("perch", "nchan");
      default -> throw new IllegalArgumentException("--target is perch, nchan or both, not " + target);
    };
  }

  /** Opens a target of {@code kind} whose recipients are named from {@code prefix}. */
  Target open(String kind, String prefix, int sourceAddresses) {
    ClientOptions options = new ClientOptions(publishConnections, sourceAddresses);
    return kind.equals("perch")
        ? new PerchTarget(perchUrls, Secrets.resolve(secret, secretFile), prefix, senders, pollLimit, options)
        : new NchanTarget(nchanUrl, prefix, options);
  }

  /** Options that make a child process open the same {@code kind} of target. */
  List<String> childArgs(String kind) {
    List<String> args = new ArrayList<>(List.of("--target", kind, "--perch-url", String.join(",", perchUrls),
        "--nchan-url", nchanUrl, "--senders", Integer.toString(senders), "--poll-limit", Integer.toString(pollLimit)));
    if (secretFile != null) {
      args.addAll(List.of("--secret-file", secretFile.toString()));
    }
    return args;
  }

  /** The environment that hands a child the secret without putting it on a command line. */
  Map<String, String> childEnv() {
    Map<String, String> env = new HashMap<>();
    if (secret != null && !secret.isBlank()) {
      env.put("PERCH_AUTH_SECRET", secret);
    }
    return env;
  }
}
