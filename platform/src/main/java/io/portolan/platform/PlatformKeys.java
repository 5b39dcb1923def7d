package io.portolan.platform;

import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.KeysetFiles;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key material of an embedded platform, kept in {@code <data>/keys} (owner-only files) so a
 * restart keeps it: the catalog's master keyset, the minter's key pair, a join token that approves
 * the embedded consumers, and the first admin token (only its hash is kept after first start).
 */
public final class PlatformKeys {
  private final Path dir;

  /** The admin token, only on the start that created it; null afterwards. */
  private final Secret newAdminToken;

  private PlatformKeys(Path dir, Secret newAdminToken) {
    this.dir = dir;
    this.newAdminToken = newAdminToken;
  }

  /** Loads the keys in {@code dir}, creating what is missing. */
  public static PlatformKeys loadOrCreate(Path dir) throws IOException, SealingException {
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("master-keyset.json"))) {
      KeysetFiles.write(dir.resolve("master-keyset.json"), AtRestCipher.generateKeyset());
    }
    SealingKeys minter = KeysetFiles.loadOrCreate(dir.resolve("minter-keyset.json"));
    Files.writeString(dir.resolve("minter-public-keyset.json"), minter.publicKeysetJson());
    if (!Files.exists(dir.resolve("join-token"))) {
      KeysetFiles.write(dir.resolve("join-token"), randomToken("pjt_"));
    }
    Secret admin = null;
    if (!Files.exists(dir.resolve("admin-token.sha256"))) {
      admin = randomToken("ptl_");
      Files.writeString(dir.resolve("admin-token.sha256"), sha256(admin.reveal()));
    }
    return new PlatformKeys(dir, admin);
  }

  public Path masterKeysetFile() {
    return dir.resolve("master-keyset.json");
  }

  public Path minterKeysetFile() {
    return dir.resolve("minter-keyset.json");
  }

  public Path minterPublicKeysetFile() {
    return dir.resolve("minter-public-keyset.json");
  }

  public Path consumerKeysetFile(String consumer) {
    return dir.resolve(consumer + "-keyset.json");
  }

  public Secret joinToken() throws IOException {
    return Secret.of(Files.readString(dir.resolve("join-token"), StandardCharsets.UTF_8).trim());
  }

  /** SHA-256 (hex) of the admin token, which pusher and indexer accept. */
  public String adminTokenSha256() throws IOException {
    return Files.readString(dir.resolve("admin-token.sha256")).trim();
  }

  /** The admin token when this start created it, to be shown once. */
  public Secret newAdminToken() {
    return newAdminToken;
  }

  static Secret randomToken(String prefix) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Secret.of(prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
