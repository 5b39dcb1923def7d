package io.portolan.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ./bench <name> [options]}: runs one benchmark and prints its figures.
 *
 * <pre>
 * catalog [--registries 10000] [--threads 8] [--gets 20000] [--lists 2000]
 * minter  [--registries 10000] [--identities 500] [--consumers 20]
 * pusher  [--charts 100]
 * indexer [--repositories 200] [--versions 10] [--latency-samples 10]
 * injector [--namespaces 10,100,1000] [--clusters 1,5,20] [--rounds 3] [--steady-passes 5]
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.out.println(
          "Usage: ./bench catalog [--registries N] [--threads N] [--gets N] [--lists N]\n"
              + "       ./bench minter [--registries N] [--identities N] [--consumers N]\n"
              + "       ./bench pusher [--charts N]\n"
              + "       ./bench indexer [--repositories N] [--versions N] [--latency-samples N]\n"
              + "       ./bench injector [--namespaces 10,100,1000] [--clusters 1,5,20]"
              + " [--rounds N] [--steady-passes N] [--api-concurrency N]");
      System.exit(2);
    }
    List<String> options = Arrays.asList(args).subList(1, args.length);
    // the services' jars bring their own logback.xml: figures go to stdout, only trouble is logged
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.println("Machine: " + Machine.describe());
    switch (args[0]) {
      case "catalog" -> new CatalogBenchmark(options).run();
      case "minter" -> new MinterBenchmark(options).run();
      case "injector" -> new InjectorBenchmark(options).run();
      case "indexer" -> new IndexerBenchmark(options).run();
      case "pusher" -> new PusherBenchmark(options).run();
      default -> {
        System.err.println("Unknown benchmark " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }

  static int option(List<String> args, String name, int fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
  }
}
