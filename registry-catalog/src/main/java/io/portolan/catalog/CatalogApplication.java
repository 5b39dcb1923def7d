package io.portolan.catalog;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.portolan.catalog.crypto.SecretRotation;
import io.portolan.service.EmbeddedStart;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Map;

/** Starts the registry catalog. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "portolan-registry-catalog",
            version = "v1",
            description =
                "The registry catalog of Portolan: registries, consumers, API and join tokens, the"
                    + " audit log. Every endpoint but /health needs a bearer token."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class CatalogApplication {
  private CatalogApplication() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("re-encrypt-secrets")) {
      System.exit(reencrypt(java.util.Map.of()));
    }
    Micronaut.build(args).mainClass(CatalogApplication.class).banner(false).start();
  }

  /**
   * {@code re-encrypt-secrets}: with the same configuration as the service (a rotated master keyset
   * holding the old keys too), rewrites every secret under the current primary key, then exits.
   */
  static int reencrypt(java.util.Map<String, Object> properties) {
    java.util.Map<String, Object> all = new java.util.HashMap<>(properties);
    all.put("portolan.catalog.background", "false");
    try (ApplicationContext context =
        ApplicationContext.builder().mainClass(CatalogApplication.class).properties(all).start()) {
      SecretRotation.Result result =
          context.getBean(SecretRotation.class).reencryptAll("command:re-encrypt-secrets");
      System.out.printf(
          "Re-encrypted %d registries and %d join tokens under key %d; %d rows remain under old"
              + " keys%n",
          result.registries(),
          result.joinTokens(),
          result.primaryKeyId(),
          result.remainingUnderOldKeys());
      if (result.remainingUnderOldKeys() > 0) {
        System.out.println("Rows were busy; run the command again before retiring the old keys.");
        return 2;
      }
      System.out.println(
          "Nothing remains under old keys: `./portolan keys retire-old-master-keys` may drop them.");
      return 0;
    } catch (RuntimeException e) {
      System.err.println("Re-encryption failed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Starts the catalog inside another program (the embedded platform) with the given properties;
   * the caller closes what is returned.
   */
  public static AutoCloseable startEmbedded(Map<String, Object> properties) {
    return EmbeddedStart.start(CatalogApplication.class, properties);
  }
}
