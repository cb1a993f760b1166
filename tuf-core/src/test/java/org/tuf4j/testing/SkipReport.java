package org.tuf4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, every test that did not run and why (a JUnit assumption
 * that failed, such as "SoftHSM2 is not installed", or a disabled test), grouped by reason, so
 * the console says what a green build did not check. Surefire's summary gives only a count.
 * Registered through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkipReport implements TestExecutionListener {
  private final Map<String, List<String>> byReason = new TreeMap<>();

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    record(test, reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      record(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }
  }

  private synchronized void record(TestIdentifier test, String reason) {
    String where = test.getSource()
        .filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
        .map(m -> m.getJavaClass().getSimpleName() + "." + test.getLegacyReportingName())
        .orElse(test.getLegacyReportingName());
    byReason.computeIfAbsent(reason == null ? "no reason given" : reason,
        r -> new ArrayList<>()).add(where);
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan plan) {
    if (byReason.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder();
    byReason.forEach((reason, tests) -> {
      out.append("[SKIPPED] ").append(tests.size()).append(tests.size() == 1 ? " test: " : " tests: ")
          .append(reason).append('\n');
      tests.forEach(t -> out.append("[SKIPPED]     ").append(t).append('\n'));
    });
    System.out.print(out);
    System.out.flush();
    byReason.clear();
  }
}
