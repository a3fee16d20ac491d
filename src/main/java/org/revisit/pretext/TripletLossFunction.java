package org.revisit.pretext;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@link SemiHardTripletLoss} as a DL4J loss for Exemplar's {@code logits} layer. The labels hold each row's source
 * image id in column 0 (other columns are ignored). The loss couples the rows of a batch, so it is not a sum of
 * per-example terms: {@link #computeScoreArray} gives every row the batch's mean, and the gradient is scaled by the
 * batch size because DL4J divides gradients by it. With replica shards ({@link #setShards}), each shard is normalised
 * and mined on its own and the loss is the shards' mean.
 */
public class TripletLossFunction implements ILossFunction {
    @JsonProperty
    private double margin = SemiHardTripletLoss.PAPER_MARGIN;
    /** Per embedding unless set: networks stored before the option existed were trained so. */
    @JsonProperty
    private SemiHardTripletLoss.Normalisation normalisation = SemiHardTripletLoss.Normalisation.PER_EMBEDDING;

    /** Replica shards of a training step: a property of the run, set by the trainer and not stored with the net. */
    private transient int shards = 1;

    public TripletLossFunction() {
    }

    public TripletLossFunction(double margin) {
        this.margin = margin;
    }

    public TripletLossFunction(double margin, SemiHardTripletLoss.Normalisation normalisation) {
        this.margin = margin;
        this.normalisation = normalisation;
    }

    public double margin() {
        return margin;
    }

    public SemiHardTripletLoss.Normalisation normalisation() {
        return normalisation;
    }

    public int shards() {
        return shards;
    }

    /** Normalises and mines each of {@code shards} consecutive row groups of a batch on its own. */
    public void setShards(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("replica shards must be 1 or more, not " + shards);
        }
        this.shards = shards;
    }

    private SemiHardTripletLoss.Result evaluate(INDArray labels, INDArray preOutput, IActivation activation,
                                                INDArray mask) {
        if (mask != null) {
            throw new UnsupportedOperationException("the triplet loss takes no mask");
        }
        INDArray out = activation.getActivation(preOutput.dup(), true);
        int n = (int) labels.size(0);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) labels.getDouble(i, 0);
        }
        return new SemiHardTripletLoss(margin, normalisation).compute(out, ids, shards);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask,
                               boolean average) {
        double loss = evaluate(labels, preOutput, activation, mask).loss();
        return average ? loss : loss * labels.size(0);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        double loss = evaluate(labels, preOutput, activation, mask).loss();
        return Nd4j.valueArrayOf(new long[] {labels.size(0), 1}, loss, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        return computeGradientAndScore(labels, preOutput, activation, mask, true).getSecond();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activation,
                                                          INDArray mask, boolean average) {
        SemiHardTripletLoss.Result r = evaluate(labels, preOutput, activation, mask);
        long n = labels.size(0);
        INDArray dOut = r.gradient().castTo(preOutput.dataType()).muli(n);
        INDArray dPre = activation.backprop(preOutput.dup(), dOut).getFirst();
        return new Pair<>(average ? r.loss() : r.loss() * n, dPre);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "TripletLossFunction(semi-hard, margin=" + margin
                + (normalisation == SemiHardTripletLoss.Normalisation.ACROSS_BATCH ? ", normalised across the batch"
                : "") + ")";
    }
}
