package io.portolan.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portolan.events.SealedBox;
import io.portolan.events.sealed.PullCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealingTest {
  private static final byte[] SECRET = "AWS:eyJwYXlsb2FkIjoi".getBytes(StandardCharsets.UTF_8);

  @Test
  void onlyTheRecipientOpensABoxAndOnlyInItsContext() throws Exception {
    SealingKeys cluster = SealingKeys.generate();
    SealingKeys otherCluster = SealingKeys.generate();
    Sealer sealer = Sealer.forPublicKeyset(cluster.publicKeysetJson());

    SealedBox box = sealer.seal(SECRET, "credential:cluster:a/reg-1");

    assertThat(box.recipient()).isEqualTo(cluster.fingerprint());
    assertThat(cluster.opener().open(box, "credential:cluster:a/reg-1")).isEqualTo(SECRET);
    assertThatThrownBy(() -> otherCluster.opener().open(box, "credential:cluster:a/reg-1"))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining(cluster.fingerprint())
        .hasMessageContaining(otherCluster.fingerprint());
    assertThatThrownBy(() -> cluster.opener().open(box, "credential:cluster:a/reg-2"))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("another context");
  }

  @Test
  void aBatchSealsManyBoxesUnderOneDataKeyEachBoundToItsContext() throws Exception {
    SealingKeys recipient = SealingKeys.generate();
    Sealer.Batch batch = recipient.sealer().batch("dek:cluster:prod/identity/1");

    SealedBox one = batch.seal(SECRET, "credential:cluster:prod/reg-1");
    SealedBox two = batch.seal(SECRET, "credential:cluster:prod/reg-2");

    assertThat(one.wrappedKey()).isEqualTo(two.wrappedKey());
    assertThat(one.ciphertext()).isNotEqualTo(two.ciphertext());
    assertThat(recipient.opener().open(one, "credential:cluster:prod/reg-1")).isEqualTo(SECRET);
    assertThat(recipient.opener().open(two, "credential:cluster:prod/reg-2")).isEqualTo(SECRET);
    // a box moved to another registry's key, or opened by someone else, does not open
    assertThatThrownBy(() -> recipient.opener().open(one, "credential:cluster:prod/reg-2"))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("another context");
    assertThatThrownBy(
            () -> SealingKeys.generate().opener().open(one, "credential:cluster:prod/reg-1"))
        .isInstanceOf(SealingException.class);
    SealedBox tampered =
        new SealedBox(one.recipient(), one.ciphertext(), one.wrappedKey(), "dek:cluster:evil/x/1");
    assertThatThrownBy(() -> recipient.opener().open(tampered, "credential:cluster:prod/reg-1"))
        .isInstanceOf(SealingException.class);
  }

  @Test
  void aTamperedBoxDoesNotOpen() throws Exception {
    SealingKeys keys = SealingKeys.generate();
    SealedBox box = keys.sealer().seal(SECRET, "ctx");
    byte[] raw = java.util.Base64.getDecoder().decode(box.ciphertext());
    raw[raw.length - 1] ^= 1;
    SealedBox tampered =
        new SealedBox(box.recipient(), java.util.Base64.getEncoder().encodeToString(raw));

    assertThatThrownBy(() -> keys.opener().open(tampered, "ctx"))
        .isInstanceOf(SealingException.class);
  }

  @Test
  void boxesSealedBeforeARotationStillOpen() throws Exception {
    SealingKeys before = SealingKeys.generate();
    SealedBox old = before.sealer().seal(SECRET, "ctx");

    SealingKeys after = before.rotate();
    SealedBox fresh = Sealer.forPublicKeyset(after.publicKeysetJson()).seal(SECRET, "ctx");

    assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
    assertThat(after.opener().open(old, "ctx")).isEqualTo(SECRET);
    assertThat(after.opener().open(fresh, "ctx")).isEqualTo(SECRET);
    assertThatThrownBy(() -> before.opener().open(fresh, "ctx"))
        .isInstanceOf(SealingException.class);
  }

  @Test
  void aPrivateKeysetSurvivesSerialization() throws Exception {
    SealingKeys keys = SealingKeys.generate();
    SealingKeys reread = SealingKeys.fromPrivateKeyset(keys.privateKeysetJson());

    assertThat(reread.fingerprint()).isEqualTo(keys.fingerprint());
    assertThat(reread.opener().open(keys.sealer().seal(SECRET, "c"), "c")).isEqualTo(SECRET);
    assertThat(keys.publicKeysetJson())
        .doesNotContain(
            keys.privateKeysetJson()
                .reveal()
                .substring(keys.privateKeysetJson().reveal().indexOf("value")));
  }

  @Test
  void sealsAndOpensContractRecordsAsJson() throws Exception {
    SealingKeys keys = SealingKeys.generate();
    PullCredential credential =
        new PullCredential("reg-1", "127.0.0.1:5000", "robot", "hunter2", Instant.EPOCH, null);

    SealedBox box = keys.sealer().sealJson(credential, "c");

    assertThat(box.ciphertext()).doesNotContain("hunter2");
    assertThat(keys.opener().openJson(box, "c", PullCredential.class)).isEqualTo(credential);
  }

  @Test
  void atRestCiphertextsAreBoundToTheirRowAndSurviveKeyRotation() throws Exception {
    Secret keyset = AtRestCipher.generateKeyset();
    AtRestCipher cipher = AtRestCipher.fromKeysetJson(keyset);
    byte[] stored = cipher.encrypt(SECRET, "registry:1");

    assertThat(cipher.decrypt(stored, "registry:1")).isEqualTo(SECRET);
    assertThatThrownBy(() -> cipher.decrypt(stored, "registry:2"))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("registry:2")
        .hasMessageNotContaining(new String(SECRET, StandardCharsets.UTF_8));
    assertThat(AtRestCipher.keyIdOf(stored)).isEqualTo(cipher.primaryKeyId());
    assertThat(cipher.needsReencryption(stored)).isFalse();

    AtRestCipher rotated = AtRestCipher.fromKeysetJson(AtRestCipher.rotate(keyset));

    assertThat(rotated.primaryKeyId()).isNotEqualTo(cipher.primaryKeyId());
    assertThat(rotated.decrypt(stored, "registry:1")).isEqualTo(SECRET);
    assertThat(rotated.needsReencryption(stored)).isTrue();
    assertThat(rotated.needsReencryption(rotated.encrypt(SECRET, "registry:1"))).isFalse();
  }

  @Test
  void retiringOldKeysKeepsOnlyThePrimary() throws Exception {
    Secret keyset = AtRestCipher.generateKeyset();
    byte[] old = AtRestCipher.fromKeysetJson(keyset).encrypt(SECRET, "registry:1");
    Secret rotated = AtRestCipher.rotate(keyset);
    byte[] current = AtRestCipher.fromKeysetJson(rotated).encrypt(SECRET, "registry:1");

    AtRestCipher retired = AtRestCipher.fromKeysetJson(AtRestCipher.withoutOldKeys(rotated));

    assertThat(AtRestCipher.fromKeysetJson(rotated).keyCount()).isEqualTo(2);
    assertThat(retired.keyCount()).isEqualTo(1);
    assertThat(retired.primaryKeyId())
        .isEqualTo(AtRestCipher.fromKeysetJson(rotated).primaryKeyId());
    assertThat(retired.decrypt(current, "registry:1")).isEqualTo(SECRET);
    assertThatThrownBy(() -> retired.decrypt(old, "registry:1"))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("Was the keyset replaced instead of rotated?");
  }

  @Test
  void aBrokenMasterKeysetIsRefusedWithAHint() {
    assertThatThrownBy(() -> AtRestCipher.fromKeysetJson(Secret.of("{\"not\":\"a keyset\"}")))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("./portolan keys generate");
  }

  @Test
  void secretsPrintAsStars() {
    Secret secret = Secret.of("hunter2");

    assertThat(secret.toString()).isEqualTo("***");
    assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("hunter2");
    assertThat(secret).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("hunter3"));
  }

  @Test
  void aJoinProofBindsTheTokenToOneConsumerAndKey() {
    Secret token = Secret.of("jt_0123456789abcdef");
    String proof = JoinProofs.proof(token, "cluster:prod", "sha256:aa");

    assertThat(proof).doesNotContain("0123456789abcdef");
    assertThat(JoinProofs.verify(token, "cluster:prod", "sha256:aa", proof)).isTrue();
    assertThat(JoinProofs.verify(token, "cluster:prod", "sha256:bb", proof)).isFalse();
    assertThat(JoinProofs.verify(token, "cluster:other", "sha256:aa", proof)).isFalse();
    assertThat(JoinProofs.verify(Secret.of("jt_other"), "cluster:prod", "sha256:aa", proof))
        .isFalse();
    assertThat(JoinProofs.verify(token, "cluster:prod", "sha256:aa", null)).isFalse();
  }

  @Test
  void keepsAConsumerKeyInAnOwnerOnlyFileAndReusesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("identity/keyset.json");

    SealingKeys first = KeysetFiles.loadOrCreate(file);
    SealingKeys second = KeysetFiles.loadOrCreate(file);

    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
