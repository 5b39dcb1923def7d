package io.portolan.providers;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.portolan.service.registries.RegistryClients;
import io.portolan.service.registries.RegistryEndpoints;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The {@link Providers} of a Micronaut service, from {@code portolan.providers.*}. */
@Factory
public class ProvidersFactory {

  @Singleton
  @Bean(preDestroy = "close")
  Providers providers(
      ProvidersConfig config, RegistryClients clients, RegistryEndpoints endpoints) {
    return new Providers(
        new ProviderSettings(
            config.ecrEndpoint(),
            config.stsEndpoint(),
            config.googleTokenUri(),
            config.entraAuthority(),
            config.acrTokenScope(),
            endpoints.asMap(),
            config.requestTimeout(),
            config.verifyLongLived()),
        clients::builder,
        Clock.systemUTC());
  }

  @Singleton
  @Bean(preDestroy = "close")
  EcrRepositories ecrRepositories(ProvidersConfig config) {
    return new EcrRepositories(config.ecrEndpoint(), config.requestTimeout(), Clock.systemUTC());
  }
}
