package org.revisit.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-feature standardisation with the training split's mean and standard deviation: an affine map per feature, so
 * the family of linear models is unchanged; it only conditions the optimiser.
 */
public record FeatureStandardizer(INDArray mean, INDArray std) {

    public static FeatureStandardizer fit(INDArray train) {
        return new FeatureStandardizer(train.mean(0), train.std(0).addi(1e-6));
    }

    /** The three splits of a probe, standardised with the training split's statistics. */
    public record Splits(INDArray train, INDArray val, INDArray test) {
    }

    public static Splits standardise(INDArray train, INDArray val, INDArray test) {
        FeatureStandardizer s = fit(train);
        return new Splits(s.apply(train), s.apply(val), s.apply(test));
    }

    /** A standardised copy of {@code x}. */
    public INDArray apply(INDArray x) {
        return x.subRowVector(mean).diviRowVector(std);
    }
}
