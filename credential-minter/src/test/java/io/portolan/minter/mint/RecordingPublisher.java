package io.portolan.minter.mint;

import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the minter published, in order. */
final class RecordingPublisher implements CredentialPublisher {
  final List<CredentialIssued> issued = new ArrayList<>();
  final List<CredentialRevoked> revoked = new ArrayList<>();
  final List<MintStatus> statuses = new ArrayList<>();

  @Override
  public void issued(CredentialIssued credential) {
    issued.add(credential);
  }

  @Override
  public void revoked(CredentialRevoked revocation) {
    revoked.add(revocation);
  }

  @Override
  public void status(MintStatus status) {
    statuses.add(status);
  }
}
