package io.portolan.events;

/**
 * Kafka header keys of CloudEvents 1.0 binary mode (the Kafka protocol binding). Written and read
 * by {@link EventCodec}; listed here so that tools and tests can name them.
 */
public final class CeHeaders {
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String DATA_SCHEMA = "ce_dataschema";
  public static final String CONTENT_TYPE = "content-type";

  /** The content type of every event's data. */
  public static final String JSON = "application/json";

  private CeHeaders() {}
}
