package io.portolan.oci;

/** Media types of the OCI image spec, Docker's v2 schema and Helm's OCI artifacts. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_ARTIFACT_MANIFEST =
      "application/vnd.oci.artifact.manifest.v1+json";
  public static final String OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONTAINER_CONFIG =
      "application/vnd.docker.container.image.v1+json";

  public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
  public static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

  /** Written by Helm before 3.7; pull still accepts it. */
  public static final String HELM_CHART_LEGACY = "application/tar+gzip";

  public static final String HELM_PROVENANCE = "application/vnd.cncf.helm.chart.provenance.v1.prov";

  public static final String OCTET_STREAM = "application/octet-stream";

  /** The {@code Accept} header for manifest requests (the ORAS default, which Helm sends). */
  public static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          DOCKER_MANIFEST,
          DOCKER_MANIFEST_LIST,
          OCI_MANIFEST,
          OCI_INDEX,
          OCI_ARTIFACT_MANIFEST);

  private MediaTypes() {}
}
