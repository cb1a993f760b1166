/** JMH benchmarks of tuf4j's hot paths; filled by the benchmarks issue. */
package org.tuf4j.benchmarks;
