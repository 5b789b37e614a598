package io.runnel.samples.dataintegration;

/** The data-integration sample on its default database, a SQLite file in the work directory. */
class DataIntegrationIT extends DataIntegrationContract {
  @Override
  protected String url() {
    return null;
  }

  @Override
  protected String prefix() {
    return "";
  }
}
