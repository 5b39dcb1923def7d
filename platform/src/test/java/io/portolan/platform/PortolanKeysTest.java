package io.portolan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.KeysetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key commands an operator runs: generate, rotate the master key, retire the old keys. */
class PortolanKeysTest {

  @Test
  void generatesRotatesAndRetiresTheMasterKeyset(@TempDir Path dir) throws Exception {
    Portolan.main(new String[] {"keys", "generate", "--out", dir.toString()});
    Path master = dir.resolve("master-keyset.json");
    AtRestCipher generated = AtRestCipher.fromKeysetJson(KeysetFiles.read(master));
    byte[] stored = generated.encrypt(new byte[] {1, 2, 3}, "registry:x");

    Portolan.main(new String[] {"keys", "rotate-master", "--keyset", master.toString()});
    AtRestCipher rotated = AtRestCipher.fromKeysetJson(KeysetFiles.read(master));

    assertThat(rotated.keyCount()).isEqualTo(2);
    assertThat(rotated.primaryKeyId()).isNotEqualTo(generated.primaryKeyId());
    assertThat(rotated.decrypt(stored, "registry:x")).containsExactly(1, 2, 3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(master)))
        .isEqualTo("rw-------");

    Portolan.main(new String[] {"keys", "retire-old-master-keys", "--keyset", master.toString()});
    AtRestCipher retired = AtRestCipher.fromKeysetJson(KeysetFiles.read(master));

    assertThat(retired.keyCount()).isEqualTo(1);
    assertThat(retired.primaryKeyId()).isEqualTo(rotated.primaryKeyId());
    assertThat(Files.exists(dir.resolve("minter-keyset.json"))).isTrue();
    assertThat(Files.readString(dir.resolve("minter-public-keyset.json")))
        .contains("HpkePublicKey");
  }
}
