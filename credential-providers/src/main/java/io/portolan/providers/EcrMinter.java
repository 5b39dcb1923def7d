package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.AwsSession;
import io.portolan.events.sealed.RootCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * ECR: {@code GetAuthorizationToken} with access keys or the default credential chain (environment,
 * instance profile, IRSA web identity), optionally through an STS role. The pull credential is the
 * decoded token ({@code AWS:<password>}), valid until the {@code expiresAt} ECR returns (12 h).
 *
 * <p>When the registry lets the pusher create repositories, the mint also carries an STS session
 * narrowed by a session policy to {@code ecr:CreateRepository} and {@code ecr:DescribeRepositories}
 * (see {@link #sessionPolicy}); the root credentials never leave the minter.
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

  static final String SESSION_NAME = "portolan-pusher";
  private static final Duration SESSION_LONG = Duration.ofHours(12);
  private static final Duration SESSION_SHORT = Duration.ofHours(1);

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
    boolean withRole = p.roleArn() != null && !p.roleArn().isBlank();
    if (p.createsRepositories() && mode.equals("IAM_ROLE") && !withRole) {
      throw new MintException(
          "createRepositories with authMode IAM_ROLE needs a roleArn: the pusher's session is"
              + " narrowed through STS AssumeRole, and the minter's own AWS identity cannot be"
              + " narrowed without one",
          false);
    }
    AwsCredentialsProvider base;
    if (mode.equals("IAM_ROLE")) {
      base = DefaultCredentialsProvider.builder().reuseLastProviderEnabled(false).build();
    } else {
      if (root == null || root.accessKeyId() == null || root.secretAccessKey() == null) {
        throw new MintException("the ECR registry has no access key id and secret", false);
      }
      base =
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
    String step = "GetAuthorizationToken";
    boolean forSession = false;
    try {
      AwsCredentialsProvider credentials = base;
      if (withRole || p.createsRepositories()) {
        var stsBuilder =
            StsClient.builder()
                .region(region)
                .credentialsProvider(base)
                .httpClient(http)
                .overrideConfiguration(overrides);
        if (settings.stsEndpoint() != null) {
          stsBuilder.endpointOverride(settings.stsEndpoint());
        }
        sts = stsBuilder.build();
      }
      if (withRole) {
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
        step = "to assume " + p.roleArn() + " or GetAuthorizationToken";
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
      AuthorizationData data;
      try (EcrClient ecr = ecrBuilder.build()) {
        GetAuthorizationTokenResponse response = ecr.getAuthorizationToken();
        if (!response.hasAuthorizationData() || response.authorizationData().isEmpty()) {
          throw new MintException("ECR returned no authorization data", true);
        }
        data = response.authorizationData().get(0);
      }
      String decoded =
          new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new MintException(
            "ECR returned an authorization token that is not user:password", true);
      }
      AwsSession session = null;
      Instant expiresAt = data.expiresAt();
      if (p.createsRepositories()) {
        forSession = true;
        step =
            withRole
                ? "AssumeRole of " + p.roleArn() + " with a session policy"
                : "GetFederationToken";
        session = repositorySession(sts, p, withRole);
        if (expiresAt == null || session.expiresAt().isBefore(expiresAt)) {
          expiresAt = session.expiresAt();
        }
      }
      return new MintedCredential(
          decoded.substring(0, colon),
          decoded.substring(colon + 1),
          clock.instant(),
          expiresAt,
          session);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      boolean refused = code != null && REFUSALS.contains(code);
      throw new MintException(
          (refused ? "AWS refused " : "AWS failed ")
              + step
              + (forSession ? " (the session that lets the pusher create repositories)" : "")
              + " in "
              + p.region()
              + " (HTTP "
              + e.statusCode()
              + (code == null ? "" : ", " + code)
              + ")"
              + (message == null ? "" : ": " + message)
              + (forSession && refused
                  ? "; allow "
                      + (withRole ? "the role ecr:CreateRepository" : "sts:GetFederationToken")
                      + " or turn createRepositories off"
                  : ""),
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

  /**
   * A session narrowed by a session policy to creating and describing the account's repositories in
   * the region. With a role: AssumeRole for as long as the role allows (12 h, else AWS's default
   * maximum of one hour). With an IAM user's keys: GetFederationToken for 12 h, like the ECR token.
   */
  private AwsSession repositorySession(
      StsClient sts, RegistrySnapshot.ProviderSettings p, boolean withRole) {
    String policy = sessionPolicy(p.region(), p.accountId());
    Credentials c;
    if (withRole) {
      try {
        c = assumeForSession(sts, p.roleArn(), policy, SESSION_LONG);
      } catch (StsException e) {
        if (e.statusCode() != 400
            || e.awsErrorDetails() == null
            || !"ValidationError".equals(e.awsErrorDetails().errorCode())) {
          throw e;
        }
        // the role's MaxSessionDuration (or role chaining) allows less: AWS's default maximum
        c = assumeForSession(sts, p.roleArn(), policy, SESSION_SHORT);
      }
    } else {
      c =
          sts.getFederationToken(
                  r ->
                      r.name(SESSION_NAME)
                          .policy(policy)
                          .durationSeconds((int) SESSION_LONG.toSeconds()))
              .credentials();
    }
    return new AwsSession(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
  }

  private static Credentials assumeForSession(
      StsClient sts, String roleArn, String policy, Duration duration) {
    return sts.assumeRole(
            r ->
                r.roleArn(roleArn)
                    .roleSessionName(SESSION_NAME)
                    .policy(policy)
                    .durationSeconds((int) duration.toSeconds()))
        .credentials();
  }

  /**
   * The session policy: only {@code ecr:CreateRepository} and {@code ecr:DescribeRepositories} on
   * the account's repositories in the region (any account when the registry's is not known). The
   * session can do no more than this and than the identity it came from.
   */
  static String sessionPolicy(String region, String accountId) {
    String partition =
        region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    String account = accountId == null || accountId.isBlank() ? "*" : accountId;
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PortolanPusherCreatesRepositories\","
        + "\"Effect\":\"Allow\",\"Action\":[\"ecr:CreateRepository\",\"ecr:DescribeRepositories\"],"
        + "\"Resource\":\"arn:"
        + partition
        + ":ecr:"
        + region
        + ":"
        + account
        + ":repository/*\"}]}";
  }
}
