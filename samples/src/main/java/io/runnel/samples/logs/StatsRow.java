package io.runnel.samples.logs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of the output: a service's figures for one minute, as written to the stats topic (JSON)
 * and to the {@code log_stats} table.
 *
 * @param service the service
 * @param minute the minute's start, ISO-8601 UTC ({@code 2026-11-25T11:40Z})
 * @param requests requests served
 * @param errors requests answered with HTTP 5xx
 * @param loggedErrors application-log lines at ERROR
 * @param p95Ms the 95th percentile of the requests' latency, in ms (within 10%)
 */
public record StatsRow(
    @JsonProperty("service") String service,
    @JsonProperty("minute") String minute,
    @JsonProperty("requests") long requests,
    @JsonProperty("errors") long errors,
    @JsonProperty("logged_errors") long loggedErrors,
    @JsonProperty("p95_ms") long p95Ms) {}
