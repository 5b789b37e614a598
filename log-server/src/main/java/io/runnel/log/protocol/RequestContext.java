package io.runnel.log.protocol;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One request as the handlers see it: its header (API, version, client id, correlation id) and the
 * address of the client, for log lines.
 */
public record RequestContext(RequestHeader header, String clientAddress) {
  public ApiKeys apiKey() {
    return header.apiKey();
  }

  public short version() {
    return header.apiVersion();
  }

  public String clientId() {
    return header.clientId();
  }
}
