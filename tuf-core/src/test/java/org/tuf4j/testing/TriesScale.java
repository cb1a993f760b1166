package org.tuf4j.testing;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Scales every jqwik property's number of tries by the system property {@code tuf4j.tries.factor}
 * (default 1): the default test run keeps each property's own count, the {@code exhaustive}
 * Maven profile (which CI runs too) multiplies it. Registered globally through {@code
 * META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class TriesScale implements AroundPropertyHook {
  /** jqwik's own default when a property names no count. */
  private static final int JQWIK_DEFAULT_TRIES = 1000;

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context,
      PropertyExecutor property) {
    int factor = factor();
    // An @Example is one fixed case: running it again adds nothing.
    if (factor != 1 && !context.targetMethod().isAnnotationPresent(Example.class)) {
      int tries = context.attributes().tries().orElse(JQWIK_DEFAULT_TRIES);
      context.attributes().setTries((int) Math.min(Integer.MAX_VALUE, (long) tries * factor));
    }
    return property.execute();
  }

  static int factor() {
    String value = System.getProperty("tuf4j.tries.factor", "1").trim();
    try {
      int factor = Integer.parseInt(value.isEmpty() ? "1" : value);
      if (factor < 1) {
        throw new IllegalArgumentException("tuf4j.tries.factor must be at least 1: " + value);
      }
      return factor;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tuf4j.tries.factor is not an integer: " + value, e);
    }
  }
}
