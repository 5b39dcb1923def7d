package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.AwsSession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/**
 * Creates ECR repositories with the session the minter sealed to a pusher ({@link
 * MintedCredential#repositorySession()}), since ECR refuses pushes to a repository that does not
 * exist. The repository gets ECR's defaults (mutable tags, AES-256 encryption, no scan on push).
 *
 * <p>Thread-safe.
 */
public final class EcrRepositories implements AutoCloseable {
  /** What creating did. */
  public enum Outcome {
    CREATED,
    /** Someone (another pusher, a person) created it meanwhile. */
    EXISTED
  }

  /** Creating failed; the message says why and what to do, and holds no secret. */
  public static final class CreateFailed extends Exception {
    public CreateFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI endpoint;
  private final Duration timeout;
  private final Clock clock;
  private final SdkHttpClient http;

  /**
   * @param endpoint the ECR API; null for the region's public endpoint
   */
  public EcrRepositories(URI endpoint, Duration timeout, Clock clock) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build();
  }

  /**
   * Creates {@code repository} in the registry's account and region.
   *
   * @throws CreateFailed when AWS refuses or cannot be reached (after the SDK's retries), or the
   *     session has expired
   */
  public Outcome create(RegistrySnapshot registry, AwsSession session, String repository)
      throws CreateFailed {
    RegistrySnapshot.ProviderSettings p = registry.settings();
    if (session.expiresAt() != null && !clock.instant().isBefore(session.expiresAt())) {
      throw new CreateFailed(
          "the session for creating repositories in "
              + registry.name()
              + " expired at "
              + session.expiresAt()
              + "; the minter renews it with the registry's credential (see the registry's status)",
          null);
    }
    var builder =
        EcrClient.builder()
            .region(Region.of(p.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
            .httpClient(http)
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallAttemptTimeout(timeout)
                    .apiCallTimeout(timeout.multipliedBy(3))
                    .build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try (EcrClient ecr = builder.build()) {
      ecr.createRepository(
          r -> {
            r.repositoryName(repository);
            if (p.accountId() != null) {
              r.registryId(p.accountId());
            }
          });
      return Outcome.CREATED;
    } catch (RepositoryAlreadyExistsException e) {
      return Outcome.EXISTED;
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      boolean denied = "AccessDeniedException".equals(code);
      throw new CreateFailed(
          "AWS "
              + (denied ? "refused" : "failed")
              + " to create repository "
              + repository
              + " in "
              + registry.name()
              + " (HTTP "
              + e.statusCode()
              + (code == null ? "" : ", " + code)
              + ")"
              + (message == null ? "" : ": " + message)
              + (denied
                  ? "; the registry's AWS identity needs ecr:CreateRepository, or create the"
                      + " repository yourself"
                  : ""),
          e);
    } catch (SdkException e) {
      throw new CreateFailed(
          "could not reach ECR in "
              + p.region()
              + " to create "
              + repository
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
