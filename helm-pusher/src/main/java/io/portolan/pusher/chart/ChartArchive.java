package io.portolan.pusher.chart;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A chart package ({@code .tgz}), read and checked before anything is sent: readable gzip and tar,
 * bounded sizes and entry count (a gzip bomb stops at the bound), no absolute paths, no {@code ..},
 * no links leaving the chart, {@code <name>/Chart.yaml} present, {@code apiVersion} v1 or v2, a
 * name that fits the OCI repository grammar, and a strict semantic version.
 *
 * <p>Paths are read as Helm's loader reads them ({@code pkg/chart/loader/archive.go}): the first
 * segment is the chart's folder, {@code \} separators are accepted, a UTF-8 byte-order mark is
 * dropped from file contents.
 */
public final class ChartArchive {
  /** The OCI repository-name component grammar (a chart's name becomes the last component). */
  static final Pattern NAME = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");

  /** Semantic Versioning 2.0.0, strictly (no leading v, all three numbers). */
  static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(-((0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(\\+([0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*))?");

  private static final Pattern DRIVE = Pattern.compile("^[a-zA-Z]:/");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final byte[] bytes;
  private final ChartMetadata metadata;
  private final Instant packagedAt;

  private ChartArchive(byte[] bytes, ChartMetadata metadata, Instant packagedAt) {
    this.bytes = bytes;
    this.metadata = metadata;
    this.packagedAt = packagedAt;
  }

  /**
   * The newest modification time of the archive's files, to the second: when {@code helm package}
   * wrote it, and so within a second of the {@code .tgz} file's own time, which {@code helm push}
   * writes as {@code created}. Empty when the archive carries no times (reproducible builds write
   * the epoch).
   */
  public Optional<Instant> packagedAt() {
    return Optional.ofNullable(packagedAt);
  }

  /** The archive's exact bytes: the chart layer of the OCI artifact. */
  public byte[] bytes() {
    return bytes;
  }

  public ChartMetadata metadata() {
    return metadata;
  }

  public static ChartArchive read(byte[] tgz, ChartLimits limits) throws ChartRejected {
    if (tgz == null || tgz.length == 0) {
      throw new ChartRejected(
          "not-gzip", "the chart package is empty; expected a .tgz from helm package");
    }
    if (tgz.length > limits.maxCompressedBytes()) {
      throw new ChartRejected(
          "too-large",
          "the chart package is "
              + tgz.length
              + " bytes; at most "
              + limits.maxCompressedBytes()
              + " are accepted");
    }
    byte[] chartYaml = null;
    byte[] requirementsYaml = null;
    String chartFolder = null;
    int entries = 0;
    Instant newest = null;
    try (BoundedInputStream unzipped =
            new BoundedInputStream(
                new GZIPInputStream(new ByteArrayInputStream(tgz)), limits.maxUncompressedBytes());
        TarArchiveInputStream tar = new TarArchiveInputStream(unzipped)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (++entries > limits.maxEntries()) {
          throw new ChartRejected(
              "too-many-entries", "the chart has more than " + limits.maxEntries() + " entries");
        }
        Instant modified = entry.getModTime() == null ? null : entry.getModTime().toInstant();
        if (modified != null
            && modified.getEpochSecond() > 0
            && (newest == null || modified.isAfter(newest))) {
          newest = modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        if (entry.isDirectory()) {
          continue;
        }
        String raw = entry.getName();
        String delimiter = raw.indexOf('\\') >= 0 ? "\\" : "/";
        String[] parts = raw.split(Pattern.quote(delimiter), -1);
        String relative = String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
        if (parts[0].equals("Chart.yaml")) {
          throw new ChartRejected(
              "chart-yaml-misplaced", "Chart.yaml is not inside the chart's folder");
        }
        if (relative.startsWith("/")) {
          throw new ChartRejected("absolute-path", "the chart contains an absolute path: " + raw);
        }
        String clean = cleanPath(relative);
        if (clean.equals(".")) {
          throw new ChartRejected(
              "outside-base", "the chart has content outside its folder: " + raw);
        }
        if (clean.equals("..") || clean.startsWith("../")) {
          throw new ChartRejected("parent-path", "the chart references its parent folder: " + raw);
        }
        if (DRIVE.matcher(clean).find()) {
          throw new ChartRejected(
              "illegal-name", "the chart contains an illegally named file: " + raw);
        }
        if (parts[0].equals("Chart.yaml")) {
          throw new ChartRejected(
              "chart-yaml-misplaced", "Chart.yaml is not inside the chart's folder");
        }
        if (entry.isSymbolicLink() || entry.isLink()) {
          checkLink(raw, clean, entry.getLinkName());
          continue;
        }
        if (!entry.isFile()) {
          throw new ChartRejected(
              "unsupported-entry",
              "the chart contains a device, pipe or other special file: " + raw);
        }
        if (clean.equals("Chart.yaml") || clean.equals("requirements.yaml")) {
          byte[] content = stripBom(tar.readAllBytes());
          if (clean.equals("Chart.yaml")) {
            chartYaml = content;
            chartFolder = parts[0];
          } else {
            requirementsYaml = content;
          }
        } else {
          tar.transferTo(OutputStreamDiscard.INSTANCE);
        }
      }
    } catch (ChartRejected e) {
      throw e;
    } catch (BoundedInputStream.TooLarge e) {
      throw new ChartRejected(
          "uncompressed-too-large",
          "the chart unpacks to more than " + limits.maxUncompressedBytes() + " bytes");
    } catch (ZipException | java.io.EOFException e) {
      throw new ChartRejected("not-gzip", "the chart package is not a complete gzip file", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ChartRejected(
          "not-tar", "the chart package is not a readable tar archive: " + e.getMessage(), e);
    }
    if (chartYaml == null) {
      throw new ChartRejected(
          "chart-yaml-missing",
          "the chart has no <name>/Chart.yaml; is this a package made with helm package?");
    }
    Map<String, Object> yaml = ChartYaml.parse(chartYaml, chartFolder + "/Chart.yaml");
    String apiVersionRaw = yaml.get("apiVersion") instanceof String s ? s : "";
    if (requirementsYaml != null) {
      // Helm reads requirements.yaml into the same metadata: its keys override (dependencies,
      // mostly)
      yaml.putAll(ChartYaml.parse(requirementsYaml, chartFolder + "/requirements.yaml"));
      if (!yaml.containsKey("apiVersion") && !apiVersionRaw.isEmpty()) {
        yaml.put("apiVersion", apiVersionRaw);
      }
    }
    ChartMetadata metadata = ChartYaml.toMetadata(yaml);
    check(metadata);
    return new ChartArchive(tgz, metadata, newest);
  }

  private static void check(ChartMetadata m) throws ChartRejected {
    if (!m.apiVersion().equals("v1") && !m.apiVersion().equals("v2")) {
      throw new ChartRejected(
          "api-version", "Chart.yaml apiVersion is " + m.apiVersion() + "; it must be v1 or v2");
    }
    if (m.name().isEmpty()) {
      throw new ChartRejected("name-missing", "Chart.yaml has no name");
    }
    if (!NAME.matcher(m.name()).matches()) {
      throw new ChartRejected(
          "name-invalid",
          "the chart name "
              + m.name()
              + " does not fit an OCI repository name (lower-case letters"
              + " and digits, separated by . _ __ or -)");
    }
    if (m.version().isEmpty()) {
      throw new ChartRejected("version-missing", "Chart.yaml has no version");
    }
    if (!SEMVER.matcher(m.version()).matches()) {
      throw new ChartRejected(
          "version-invalid",
          "the chart version "
              + m.version()
              + " is not a strict semantic version (e.g. 1.2.3,"
              + " 1.2.3-rc.1, 1.2.3+build.5)");
    }
    if (!m.type().isEmpty() && !m.type().equals("application") && !m.type().equals("library")) {
      throw new ChartRejected("type-invalid", "Chart.yaml type must be application or library");
    }
  }

  private static void checkLink(String raw, String clean, String target) throws ChartRejected {
    if (target == null || target.isEmpty()) {
      throw new ChartRejected("link-escapes", "the chart contains a link without a target: " + raw);
    }
    String normalized = target.replace('\\', '/');
    if (normalized.startsWith("/") || DRIVE.matcher(normalized).find()) {
      throw new ChartRejected(
          "link-escapes", "the chart contains a link to an absolute path: " + raw);
    }
    int slash = clean.lastIndexOf('/');
    String base = slash < 0 ? "" : clean.substring(0, slash + 1);
    String resolved = cleanPath(base + normalized);
    if (resolved.equals("..") || resolved.startsWith("../")) {
      throw new ChartRejected(
          "link-escapes", "the chart contains a link leaving the chart: " + raw);
    }
  }

  /** Go's {@code path.Clean} for relative paths. */
  static String cleanPath(String path) {
    java.util.Deque<String> out = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.removeLast();
        } else {
          out.addLast("..");
        }
      } else {
        out.addLast(part);
      }
    }
    return out.isEmpty() ? "." : String.join("/", out);
  }

  private static byte[] stripBom(byte[] data) {
    if (data.length >= 3 && data[0] == BOM[0] && data[1] == BOM[1] && data[2] == BOM[2]) {
      return java.util.Arrays.copyOfRange(data, 3, data.length);
    }
    return data;
  }

  /** Counts what is read and stops at a bound, so a gzip bomb is refused early. */
  private static final class BoundedInputStream extends FilterInputStream {
    static final class TooLarge extends IOException {}

    private final long max;
    private long read;

    BoundedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && ++read > max) {
        throw new TooLarge();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n > 0 && (read += n) > max) {
        throw new TooLarge();
      }
      return n;
    }
  }

  private static final class OutputStreamDiscard extends java.io.OutputStream {
    static final OutputStreamDiscard INSTANCE = new OutputStreamDiscard();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
