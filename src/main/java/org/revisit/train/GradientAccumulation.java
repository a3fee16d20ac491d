package org.revisit.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * One training step of a network over several passes in sequence, one update at the end (gradient accumulation):
 * a device holds the activations of one pass, not of its whole share of the step, so a step too large for its memory
 * still trains as one step. Each pass is whole replica shards, so batch norm and the triplet loss see what they see
 * in one pass.
 * <p>
 * DL4J's backward pass leaves in the gradient view each parameter's gradient summed over the pass's examples (the
 * updater divides by the batch), except for batch norm's moving averages, whose "gradients" are their updates. So the
 * passes' gradients are summed and the updater divides by all their examples, and the moving averages' updates are
 * averaged over the passes, which is what one pass over all the shards gives them (each shard's mean statistics).
 * Then the updater (momentum, weight decay, learning-rate schedule) and the step {@code w -= update} run once, as
 * {@code StochasticGradientDescent} does, and the iteration count advances by one.
 */
final class GradientAccumulation {
    private GradientAccumulation() {
    }

    /** One step over {@code passes}; the graph's score is then the passes' mean score. */
    static void fit(ComputationGraph graph, List<? extends MultiDataSet> passes) {
        INDArray sum = null;
        double score = 0;
        int examples = 0;
        graph.getUpdater(true); // the solver and its updater, created on the first fit otherwise
        for (MultiDataSet pass : passes) {
            graph.setInputs(pass.getFeatures());
            graph.setLabels(pass.getLabels());
            graph.computeGradientAndScore();
            if (sum == null) {
                sum = graph.getGradientsViewArray().dup();
            } else {
                sum.addi(graph.getGradientsViewArray());
            }
            score += graph.score();
            examples += graph.batchSize();
        }
        graph.getGradientsViewArray().assign(sum);
        Gradient gradient = graph.gradient();
        for (INDArray update : undividedUpdates(graph, gradient)) {
            update.divi(passes.size());
        }
        graph.getOptimizer().updateGradientAccordingToParams(gradient, graph, examples,
                LayerWorkspaceMgr.noWorkspaces());
        INDArray params = graph.params();
        params.subi(graph.getGradientsViewArray().reshape(params.shape()));
        BaseOptimizer.incrementIterationCount(graph, 1);
        graph.setScore(score / passes.size());
        graph.clearLayersStates();
    }

    /** The gradient entries the updater does not divide by the batch: batch norm's moving-average updates. */
    private static List<INDArray> undividedUpdates(ComputationGraph graph, Gradient gradient) {
        List<INDArray> out = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            for (String param : layer.paramTable().keySet()) {
                if (!layer.updaterDivideByMinibatch(param)) {
                    INDArray g = gradient.getGradientFor(layer.conf().getLayer().getLayerName() + "_" + param);
                    if (g == null) {
                        throw new IllegalStateException("no gradient for " + layer.conf().getLayer().getLayerName()
                                + "_" + param + " after the backward pass");
                    }
                    out.add(g);
                }
            }
        }
        return out;
    }
}
