package io.portolan.catalog.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Management endpoints marked sensitive (metrics) are open to any valid API token, whatever its
 * role: a Prometheus scraper gets a viewer token. Anonymous callers are refused.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class ManagementEndpointRule extends SensitiveEndpointRule {
  public ManagementEndpointRule(EndpointSensitivityProcessor processor) {
    super(processor);
  }

  @Override
  protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(
      HttpRequest<?> request, Authentication authentication, ExecutableMethod<?, ?> method) {
    return Publishers.just(SecurityRuleResult.ALLOWED);
  }
}
