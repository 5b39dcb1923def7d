package io.portolan.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ./bench <name> [options]}: runs one benchmark and prints its figures.
 *
 * <pre>
 * catalog [--registries 10000] [--threads 8] [--gets 20000] [--lists 2000]
 * minter  [--registries 10000] [--identities 500] [--consumers 20]
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.out.println(
          "Usage: ./bench catalog [--registries N] [--threads N] [--gets N] [--lists N]\n"
              + "       ./bench minter [--registries N] [--identities N] [--consumers N]");
      System.exit(2);
    }
    List<String> options = Arrays.asList(args).subList(1, args.length);
    System.out.println("Machine: " + Machine.describe());
    switch (args[0]) {
      case "catalog" -> new CatalogBenchmark(options).run();
      case "minter" -> new MinterBenchmark(options).run();
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
