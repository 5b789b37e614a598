/**
 * Sample applications, one per use case (word count, log aggregation, data integration, event
 * sourcing, microservices), each a {@link io.runnel.samples.Sample} listed by {@link
 * io.runnel.samples.Samples} and run by {@code bin/runnel sample NAME}. A sample uses only the public
 * APIs of streams-api and connectors (and log-server's {@code LogServer} when the cli embeds one),
 * so it reads as a user's app would.
 */
package io.runnel.samples;
