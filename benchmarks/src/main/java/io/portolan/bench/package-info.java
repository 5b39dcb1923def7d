/** Benchmarks run with {@code ./bench <name>}; they print figures, they do not assert. */
package io.portolan.bench;
