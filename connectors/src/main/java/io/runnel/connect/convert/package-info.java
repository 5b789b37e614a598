/**
 * The built-in converters: {@code string} (UTF-8), {@code json} (Jackson) and {@code bytes}. All
 * are stateless and thread-safe.
 */
package io.runnel.connect.convert;
