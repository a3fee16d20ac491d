package org.revisit.study;

import org.revisit.data.DatasetSplits;
import org.revisit.data.ImageSet;
import org.revisit.data.LabelBudget;
import org.revisit.nets.Networks;
import org.revisit.pretext.PretextTask;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.Probe;
import org.revisit.util.Hashing;

/**
 * What identifies a cell's network, result and features, and the splits and label budgets its probe sees. The keys
 * hash the texts of {@link KeyFormat}, a stored format ({@code CacheKeysTest} pins every key of the study's grids).
 */
record CellKeys(String networkKey, String cellKey, Probe probe, FeaturePooling pooling, ImageSet probeTrain,
                ImageSet probeVal, ImageSet test, LabelBudget budget, LabelBudget valBudget, String labelSubset,
                PretextTask probeTask) {

    /** The keys of {@code cell} in a study at {@code preset}, probing {@code data}, training on {@code pretextData}. */
    static CellKeys of(Cell cell, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData) {
        String networkText = KeyFormat.network(cell, pretextData.fingerprint(), preset.augmentation(),
                Networks.layout());
        Probe probe = cell.probe().build(preset, cell.training().seed());
        FeaturePooling pooling = new FeaturePooling(preset.poolingTarget());
        ImageSet probeTrain = data.train().head(preset.probeTrainImages());
        ImageSet probeVal = data.val().head(preset.probeValImages());
        ImageSet test = data.test().head(preset.testImages());
        double fraction = cell.probe().labelFraction();
        // a budget limits every label the probe sees: the training split and the validation split that chooses the
        // penalty and joins the refit (with the whole validation split, a 10 % budget would see 15,000 labels)
        LabelBudget budget = fraction == 1.0 ? null : LabelBudget.of(probeTrain, fraction, cell.training().seed());
        LabelBudget valBudget = fraction == 1.0 ? null : LabelBudget.of(probeVal, fraction, cell.training().seed());
        String labelSubset = budget == null ? "all" : budget.fingerprint() + "+" + valBudget.fingerprint();
        String cellKey = Hashing.shortKey(KeyFormat.cell(networkText, cell, probe, pooling, labelSubset, preset,
                pretextData == data ? null : data.fingerprint()));
        // the task as the probe's inputs are made: the official evaluation feeds Exemplar unstandardised images
        PretextTask probeTask = preset.evaluation() == EvaluationChoices.OFFICIAL
                ? cell.task().task().withOfficialProbeInput() : cell.task().task();
        return new CellKeys(Hashing.shortKey(networkText), cellKey, probe, pooling, probeTrain, probeVal, test,
                budget, valBudget, labelSubset, probeTask);
    }

    /** The key of the features of {@code images} at {@code endPoint} of the {@code weights} (trained, initial). */
    String featureKey(String weights, String endPoint, ImageSet images, Scale.Preset preset) {
        return Hashing.shortKey(KeyFormat.features(networkKey, weights, endPoint, images, pooling,
                preset.augmentation(), probeTask.probeInputKey()));
    }

    /**
     * The name of the weights a cell probes in its feature keys: {@code trained} for the finished network (a learning
     * curve's last step too, so it shares Table 1's features), {@code initial} at step 0, {@code step-<n>} for a
     * snapshot inside a run of {@code totalSteps}.
     */
    static String probedWeights(Cell cell, int totalSteps) {
        int step = cell.atStep();
        return step < 0 || step == totalSteps ? "trained" : step == 0 ? "initial" : "step-" + step;
    }

    /** The probe's three splits: training, validation, test. */
    ImageSet[] splits() {
        return new ImageSet[] {probeTrain, probeVal, test};
    }
}
