package io.runnel.log.protocol;

/** The host and port clients are told to connect to, known once the listener is bound. */
public record Endpoint(String host, int port) {}
