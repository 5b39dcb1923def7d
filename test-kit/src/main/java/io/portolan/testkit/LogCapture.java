package io.portolan.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps every log event written while it is open, as it would be printed (message, arguments and
 * stack traces), so a test can assert that no secret reached the logs. Portolan's own loggers are
 * turned up to DEBUG meanwhile, so that debug messages are checked too.
 *
 * <p>Thread-safe.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final Logger root;
  private final AppenderBase<ILoggingEvent> appender;
  private final Logger portolan;
  private final ch.qos.logback.classic.Level previousLevel;

  public LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            String line = event.getLoggerName() + " " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
              line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            synchronized (lines) {
              lines.add(line);
            }
          }
        };
    appender.setContext(context);
    appender.setName("log-capture");
    appender.start();
    root.addAppender(appender);
    portolan = context.getLogger("io.portolan");
    previousLevel = portolan.getLevel();
    portolan.setLevel(ch.qos.logback.classic.Level.DEBUG);
  }

  /** Everything logged so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Everything logged so far, as one text. */
  public String text() {
    return String.join("\n", lines());
  }

  @Override
  public void close() {
    portolan.setLevel(previousLevel);
    root.detachAppender(appender);
    appender.stop();
  }
}
