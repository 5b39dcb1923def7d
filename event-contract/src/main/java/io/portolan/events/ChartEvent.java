package io.portolan.events;

/** Events on {@link Topic#CHART_CHANGES}, keyed {@code <registryId>/<repository>}. */
public sealed interface ChartEvent extends PortolanEvent
    permits ChartPushed, ChartIndexed, ChartRemoved {

  String registryId();

  String repository();

  @Override
  default String key() {
    return registryId() + "/" + repository();
  }
}
