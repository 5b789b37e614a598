/**
 * The word-count sample: lines of text become words, counted per word in the RocksDB-backed store
 * {@code counts} and written to a topic, with the top ten words printed every few seconds. {@link
 * io.runnel.samples.wordcount.WordCountSample} is the app; {@link
 * io.runnel.samples.wordcount.TopWords} ranks the counts. The streams app runs on its own stream
 * thread; producing lines and printing run on the sample's jobs thread.
 */
package io.runnel.samples.wordcount;
