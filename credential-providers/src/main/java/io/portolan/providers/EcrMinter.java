package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * ECR: {@code GetAuthorizationToken} with access keys or the default credential chain (environment,
 * instance profile, IRSA web identity), optionally through an STS role. The pull credential is the
 * decoded token ({@code AWS:<password>}), valid until the {@code expiresAt} ECR returns (12 h).
 */
final class EcrMinter implements TokenMinter {
  private static final Set<String> REFUSALS =
      Set.of(
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "AccessDeniedException",
          "AccessDenied",
          "ExpiredTokenException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "IncompleteSignature");

  private final ProviderSettings settings;
  private final SdkHttpClient http;
  private final Clock clock;

  EcrMinter(ProviderSettings settings, SdkHttpClient http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public MintedCredential mint(RegistrySnapshot registry, RootCredentials root)
      throws MintException {
    RegistrySnapshot.ProviderSettings p = registry.settings();
    if (p.region() == null) {
      throw new MintException("the ECR registry has no region", false);
    }
    Region region = Region.of(p.region());
    String mode = p.authMode() == null ? "ACCESS_KEYS" : p.authMode().toUpperCase(Locale.ROOT);
    AwsCredentialsProvider credentials;
    if (mode.equals("IAM_ROLE")) {
      credentials = DefaultCredentialsProvider.builder().reuseLastProviderEnabled(false).build();
    } else {
      if (root == null || root.accessKeyId() == null || root.secretAccessKey() == null) {
        throw new MintException("the ECR registry has no access key id and secret", false);
      }
      credentials =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey()));
    }
    ClientOverrideConfiguration overrides =
        ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(settings.requestTimeout())
            .apiCallTimeout(settings.requestTimeout().multipliedBy(3))
            .build();
    StsClient sts = null;
    StsAssumeRoleCredentialsProvider assumed = null;
    try {
      if (p.roleArn() != null && !p.roleArn().isBlank()) {
        var stsBuilder =
            StsClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides);
        if (settings.stsEndpoint() != null) {
          stsBuilder.endpointOverride(settings.stsEndpoint());
        }
        sts = stsBuilder.build();
        assumed =
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(
                    r ->
                        r.roleArn(p.roleArn())
                            .roleSessionName("portolan-minter")
                            .durationSeconds(900))
                .build();
        credentials = assumed;
      }
      var ecrBuilder =
          EcrClient.builder()
              .region(region)
              .credentialsProvider(credentials)
              .httpClient(http)
              .overrideConfiguration(overrides);
      if (settings.ecrEndpoint() != null) {
        ecrBuilder.endpointOverride(settings.ecrEndpoint());
      }
      try (EcrClient ecr = ecrBuilder.build()) {
        GetAuthorizationTokenResponse response = ecr.getAuthorizationToken();
        if (!response.hasAuthorizationData() || response.authorizationData().isEmpty()) {
          throw new MintException("ECR returned no authorization data", true);
        }
        AuthorizationData data = response.authorizationData().get(0);
        String decoded =
            new String(
                Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
          throw new MintException(
              "ECR returned an authorization token that is not user:password", true);
        }
        return new MintedCredential(
            decoded.substring(0, colon),
            decoded.substring(colon + 1),
            clock.instant(),
            data.expiresAt());
      }
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      boolean refused = code != null && REFUSALS.contains(code);
      throw new MintException(
          (refused ? "AWS refused " : "AWS failed ")
              + (p.roleArn() != null ? "to assume " + p.roleArn() + " or " : "")
              + "GetAuthorizationToken in "
              + p.region()
              + " (HTTP "
              + e.statusCode()
              + (code == null ? "" : ", " + code)
              + ")"
              + (message == null ? "" : ": " + message),
          !refused,
          e);
    } catch (SdkClientException e) {
      boolean noCredentials = String.valueOf(e.getMessage()).contains("Unable to load credentials");
      throw new MintException(
          noCredentials
              ? "no AWS credentials were found for authMode IAM_ROLE (environment, web identity,"
                  + " instance profile); give the minter an AWS identity or use ACCESS_KEYS"
              : "could not reach AWS in " + p.region() + ": " + e.getMessage(),
          !noCredentials,
          e);
    } catch (SdkException e) {
      throw new MintException("the AWS SDK failed: " + e.getMessage(), true, e);
    } finally {
      if (assumed != null) {
        assumed.close();
      }
      if (sts != null) {
        sts.close();
      }
    }
  }
}
