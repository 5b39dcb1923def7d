package io.portolan.catalog.connection;

import io.micronaut.transaction.TransactionOperations;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.catalog.registry.Registry;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.providers.MintException;
import io.portolan.providers.MintedCredential;
import io.portolan.providers.Providers;
import io.portolan.service.http.ApiProblem;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests a registry as its consumers will use it: mints a pull credential from the stored root
 * credentials where the provider mints (ECR, Google access tokens, ACR through Entra), then logs in
 * through the registry's own {@code /v2/} challenge. Each step says in words what happened. Nothing
 * minted is kept or returned.
 *
 * <p>Thread-safe.
 */
@Singleton
public class ConnectionTester {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTester.class);

  /** One step of the test. */
  public record Step(String step, boolean ok, String detail) {}

  /** The outcome: every step, and whether all passed. */
  public record Result(
      String registryId,
      String name,
      boolean ok,
      List<Step> steps,
      long durationMillis,
      Instant testedAt) {}

  private final RegistryService registries;
  private final Providers providers;
  private final AuditLog audit;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock = Clock.systemUTC();

  public ConnectionTester(
      RegistryService registries,
      Providers providers,
      AuditLog audit,
      TransactionOperations<Connection> transactions) {
    this.registries = registries;
    this.providers = providers;
    this.audit = audit;
    this.transactions = transactions;
  }

  public Result test(UUID id, String actor) {
    Registry registry = registries.get(id).orElseThrow(() -> ApiProblem.notFound("registry " + id));
    RegistrySnapshot s = registry.snapshot();
    RootCredentials root = registries.rootCredentials(id).orElse(null);
    Instant started = clock.instant();
    List<Step> steps = new ArrayList<>();
    MintedCredential credential = null;
    boolean ok = true;
    if (s.visibility() == Visibility.PUBLIC) {
      steps.add(new Step("credentials", true, "public registry: logging in anonymously"));
    } else if (Providers.mints(s)) {
      try {
        credential = providers.mint(s, root);
        steps.add(new Step("mint", true, minted(s, credential)));
      } catch (MintException e) {
        steps.add(new Step("mint", false, e.getMessage()));
        ok = false;
      }
    } else {
      try {
        credential = providers.longLived(s, root);
        steps.add(
            new Step(
                "credentials",
                true,
                "long-lived login of [" + credential.username() + "], handed out as it is"));
      } catch (MintException e) {
        steps.add(new Step("credentials", false, e.getMessage()));
        ok = false;
      }
    }
    if (ok) {
      try {
        providers
            .check()
            .login(s, credential, io.portolan.providers.RegistryCheck.ConnectionSecrets.of(root));
        steps.add(
            new Step(
                "login",
                true,
                credential == null
                    ? s.host() + " answered /v2/ anonymously"
                    : s.host() + " accepted the login of [" + credential.username() + "]"));
      } catch (MintException e) {
        steps.add(new Step("login", false, e.getMessage()));
        ok = false;
      }
    }
    Instant finished = clock.instant();
    Result result =
        new Result(
            id.toString(),
            s.name(),
            ok,
            List.copyOf(steps),
            Duration.between(started, finished).toMillis(),
            finished);
    record(actor, registry, result);
    LOG.info(
        "Connection test of registry [{}] ({}) by [{}]: {}",
        s.name(),
        id,
        actor,
        ok ? "passed" : "failed at " + steps.get(steps.size() - 1).step());
    return result;
  }

  private static String minted(RegistrySnapshot s, MintedCredential credential) {
    return "minted a pull credential through "
        + s.provider()
        + " for ["
        + credential.username()
        + "]"
        + (credential.expiresAt() == null
            ? ""
            : ", valid until " + credential.expiresAt() + " (" + lifetime(credential) + ")");
  }

  private static String lifetime(MintedCredential credential) {
    long minutes =
        Math.round(
            Duration.between(credential.issuedAt(), credential.expiresAt()).toSeconds() / 60.0);
    return minutes >= 90 ? Math.round(minutes / 60.0) + " h" : minutes + " min";
  }

  private void record(String actor, Registry registry, Result result) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ok", result.ok());
    if (!result.ok()) {
      Step failed = result.steps().get(result.steps().size() - 1);
      details.put("failedStep", failed.step());
      details.put("reason", failed.detail());
    }
    transactions.executeWrite(
        status -> {
          audit.record(
              actor,
              "registry.connection-tested",
              "registry",
              registry.id().toString(),
              registry.snapshot().name(),
              details);
          return null;
        });
  }
}
