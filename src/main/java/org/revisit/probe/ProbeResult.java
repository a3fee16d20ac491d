package org.revisit.probe;

import java.util.Map;

/**
 * What any probe measured on the test split. Fields a probe does not have are empty: the SGD probes choose no
 * penalty ({@code chosenL2} NaN, no {@code validationTop1ByL2}); L-BFGS has no epochs ({@code validationTop1ByEpoch}
 * empty).
 *
 * @param top5                  not measured with five classes or fewer
 * @param iterations            L-BFGS iterations of the final fit, or SGD steps
 * @param validationTop1ByEpoch the own validation split's top-1 after each SGD epoch (Figure 8)
 * @param top1Hits              which test images the top-1 got right, for paired comparisons
 */
public record ProbeResult(Accuracy top1, Accuracy top5, Hits top1Hits, double chosenL2,
                          Map<String, Double> validationTop1ByL2, double[] validationTop1ByEpoch, int iterations,
                          boolean converged, int trainCount, int valCount, int testCount, int features,
                          double seconds) {
}
