package io.portolan.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one Portolan service inside this JVM in a class loader of its own, built from the
 * service's classes and its runtime class path (written by its build to {@code
 * target/runtime-classpath.txt}). The loader's parent is the platform class loader, so services
 * share only the JDK: each has its own Micronaut context, beans, logging and dependencies.
 */
public final class ServiceLoaderIsolation {
  private ServiceLoaderIsolation() {}

  /** A started service; closing it stops its application context and releases its loader. */
  public record Running(String name, AutoCloseable context, URLClassLoader loader)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(loader);
      try {
        context.close();
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
        // the service's threads (Netty's event loops) finish shutting down after the context
        // closed and may still load classes: release the jars a little later
        Thread closer =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(10_000);
                    loader.close();
                  } catch (InterruptedException | java.io.IOException e) {
                    // the JVM is ending, or the jars stay open until it does
                  }
                },
                "close-" + name);
        closer.setDaemon(true);
        closer.start();
      }
    }
  }

  /** The class path of a service module in a source checkout: its classes plus its dependencies. */
  public static List<URL> classPath(Path moduleDir) {
    Path classes = moduleDir.resolve("target/classes");
    Path listing = moduleDir.resolve("target/runtime-classpath.txt");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(listing)) {
      throw new IllegalStateException(
          "Service module "
              + moduleDir.getFileName()
              + " is not built ("
              + listing
              + " is missing). Build first: ./mvnw -DskipTests package");
    }
    List<URL> urls = new ArrayList<>();
    try {
      urls.add(classes.toUri().toURL());
      String content = Files.readString(listing).trim();
      if (!content.isEmpty()) {
        for (String entry : content.split(java.io.File.pathSeparator)) {
          urls.add(Path.of(entry).toUri().toURL());
        }
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return urls;
  }

  /**
   * Starts a service by calling {@code <mainClass>.startEmbedded(Map)} inside its own loader.
   *
   * @param name for the loader and errors
   */
  public static Running start(
      String name, List<URL> classPath, String mainClass, Map<String, Object> properties) {
    URLClassLoader loader =
        new URLClassLoader(
            "portolan-" + name,
            classPath.toArray(URL[]::new),
            ClassLoader.getPlatformClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Class<?> main = Class.forName(mainClass, true, loader);
      Method start = main.getMethod("startEmbedded", Map.class);
      AutoCloseable context = (AutoCloseable) start.invoke(null, properties);
      return new Running(name, context, loader);
    } catch (InvocationTargetException e) {
      closeQuietly(loader);
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          "Service " + name + " failed to start: " + rootMessage(cause), cause);
    } catch (ReflectiveOperationException e) {
      closeQuietly(loader);
      throw new IllegalStateException("Service " + name + " has no startEmbedded(Map): " + e, e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root + ")";
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
