package io.portolan.events;

/** The kind of registry, which decides how credentials are minted. */
public enum Provider {
  ECR,
  DOCKER_HUB,
  ACR,
  GCR,
  GAR,
  QUAY,
  OTHER
}
