package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document is served, describes every API route, and the Swagger UI loads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
  private static final String DOCUMENT = "/swagger/portolan-registry-catalog-v1.yml";
  private CatalogFixture catalog;

  @BeforeAll
  void start() {
    catalog = CatalogFixture.start(new CatalogTestProperties(OpenApiIT.class), Map.of());
  }

  @AfterAll
  void stop() {
    catalog.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDocumentDescribesEveryApiRouteWithItsBearerSecurity() {
    HttpResponse<String> served = catalog.admin().as(null).get(DOCUMENT);

    assertThat(served.statusCode()).isEqualTo(200);
    Map<String, Object> document = new Yaml().load(served.body());
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) document.get("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach(
        (path, methods) ->
            methods.keySet().forEach(m -> documented.add(m.toUpperCase() + " " + path)));
    Set<String> routes = new TreeSet<>();
    catalog
        .bean(Router.class)
        .uriRoutes()
        .map(UriRouteInfo.class::cast)
        .filter(r -> r.getUriMatchTemplate().toString().startsWith("/api/"))
        .filter(r -> !r.getHttpMethodName().equals("HEAD")) // implied by GET
        .forEach(r -> routes.add(r.getHttpMethodName() + " " + r.getUriMatchTemplate()));

    assertThat(routes).hasSizeGreaterThan(15);
    assertThat(documented).containsAll(routes);
    assertThat(served.body())
        .contains("scheme: bearer")
        .contains("RegistryRequest:")
        .contains("application/merge-patch+json");
  }

  @Test
  void theSwaggerUiLoadsWithoutAToken() {
    HttpResponse<String> page = catalog.admin().as(null).get("/swagger-ui/index.html");
    HttpResponse<String> bundle =
        catalog.admin().as(null).get("/swagger-ui/res/swagger-ui-bundle.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui");
    assertThat(bundle.statusCode()).isEqualTo(200);
  }
}
