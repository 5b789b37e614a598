package io.runnel.state.archfixture;

import io.runnel.cli.Main;

/** A deliberate violation (state-store reaching up to cli) that the module rules must report. */
public final class StateImportingCli {
  public static int run() {
    return Main.execute("version");
  }
}
