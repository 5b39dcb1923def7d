package io.portolan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux
    }
    long memory = 0;
    try {
      memory =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
                  .filter(l -> l.startsWith("MemTotal"))
                  .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                  .findFirst()
                  .orElse(0)
              / 1024
              / 1024;
    } catch (IOException e) {
      // not Linux
    }
    return String.format(
        "%s, %d cores, %d GiB, %s %s, Java %s (max heap %d MiB)",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        memory,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1024 / 1024);
  }
}
