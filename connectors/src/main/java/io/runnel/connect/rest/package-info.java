/**
 * The REST API every worker serves ({@code rest.host}:{@code rest.port}), shaped like Kafka
 * Connect's: {@code /connectors}, {@code /connectors/<name>[/config|/status|/pause|/resume|
 * /restart]} and {@code /connector-plugins}, JSON in and out, errors as {@code {"error_code": 404,
 * "message": "..."}}. It only translates HTTP to {@link io.runnel.connect.ConnectCluster} calls.
 *
 * <p>Threading: requests run on the server's own small thread pool; the cluster behind it is
 * thread-safe.
 */
package io.runnel.connect.rest;
