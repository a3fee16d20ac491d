package org.revisit.faults;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brackets each test that provokes warnings or errors in the log: the ERROR and WARN lines between "injecting faults"
 * and "faults injected" are what the test provokes on purpose (corrupt files, killed processes, diverging training, a
 * run that learns nothing, a missing layer, a fixture dataset too small for the scale's splits), not problems of the
 * build. Every other WARN or ERROR line of {@code mvn test} is one.
 */
public final class ExpectedFaults implements BeforeEachCallback, AfterEachCallback {
    private static final Logger log = LoggerFactory.getLogger("expected-faults");

    @Override
    public void beforeEach(ExtensionContext context) {
        log.info("injecting faults: {} - the ERROR and WARN lines until 'faults injected' are expected",
                context.getDisplayName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        log.info("faults injected: {} {}", context.getDisplayName(),
                context.getExecutionException().isPresent() ? "FAILED" : "passed");
    }
}
