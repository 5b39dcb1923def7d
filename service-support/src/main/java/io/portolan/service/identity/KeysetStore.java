package io.portolan.service.identity;

import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import java.io.IOException;

/**
 * Where a consumer keeps its private keyset: a file by default, a Kubernetes Secret for injectors.
 */
public interface KeysetStore {
  /** The stored key pair, or a new one that is stored before it is returned. */
  SealingKeys loadOrCreate() throws IOException, SealingException;

  /** Where the keyset lives, in words, for logs. */
  String describe();
}
