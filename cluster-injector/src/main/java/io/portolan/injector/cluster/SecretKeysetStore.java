package io.portolan.injector.cluster;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.portolan.injector.pullsecret.Labels;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import io.portolan.service.identity.KeysetStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The injector's private keyset in a Secret of its own namespace, so every replica and every
 * restart of the pod use the same key pair and the catalog's approval stays valid. The first
 * replica to start creates it; a replica that loses that race reads the winner's.
 */
public final class SecretKeysetStore implements KeysetStore {
  static final String KEY = "keyset.json";

  private final CoreV1Api api;
  private final String namespace;
  private final String name;

  public SecretKeysetStore(ApiClient client, String namespace, String name) {
    this.api = new CoreV1Api(client);
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public SealingKeys loadOrCreate() throws IOException, SealingException {
    SealingKeys existing = read();
    if (existing != null) {
      return existing;
    }
    SealingKeys created = SealingKeys.generate();
    V1Secret secret =
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .type("Opaque")
            .metadata(
                new V1ObjectMeta()
                    .name(name)
                    .namespace(namespace)
                    .putLabelsItem(Labels.MANAGED_BY, Labels.PORTOLAN))
            .putDataItem(
                KEY, created.privateKeysetJson().reveal().getBytes(StandardCharsets.UTF_8));
    try {
      api.createNamespacedSecret(namespace, secret).execute();
      return created;
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        SealingKeys winner = read();
        if (winner != null) {
          return winner;
        }
      }
      throw failure("create", e);
    }
  }

  private SealingKeys read() throws IOException, SealingException {
    try {
      V1Secret s = api.readNamespacedSecret(name, namespace).execute();
      byte[] json = s.getData() == null ? null : s.getData().get(KEY);
      if (json == null) {
        throw new IOException(
            "Secret "
                + namespace
                + "/"
                + name
                + " exists but has no "
                + KEY
                + "; delete it to let the injector create a new key pair (the catalog must then"
                + " approve the new key)");
      }
      return SealingKeys.fromPrivateKeyset(Secret.of(new String(json, StandardCharsets.UTF_8)));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw failure("read", e);
    }
  }

  private IOException failure(String action, ApiException e) {
    return new IOException(
        "Could not "
            + action
            + " the keyset Secret "
            + namespace
            + "/"
            + name
            + ": the API server answered "
            + e.getCode()
            + (e.getCode() == 403
                ? "; the injector's ServiceAccount needs get and create on secrets in " + namespace
                : ""));
  }

  @Override
  public String describe() {
    return "Secret " + namespace + "/" + name;
  }
}
