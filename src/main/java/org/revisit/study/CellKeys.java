package org.revisit.study;

import org.revisit.data.DatasetSplits;
import org.revisit.data.ImageSet;
import org.revisit.data.LabelBudget;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.Probe;
import org.revisit.util.Hashing;

/**
 * What identifies a cell's network, result and features, and the splits and label budgets its probe sees. The key
 * strings are a stored format: every trained network, feature file and cell result is found by them, so a change to
 * any text hashed here retrains or recomputes stored work (network keys carry {@link Cell#NETWORK_VERSION};
 * {@code NetworkKeyTest} pins them).
 */
record CellKeys(String networkKey, String cellKey, Probe probe, FeaturePooling pooling, ImageSet probeTrain,
                ImageSet probeVal, ImageSet test, LabelBudget budget, LabelBudget valBudget, String labelSubset) {

    /** The keys of {@code cell} in a study at {@code preset}, probing {@code data}, training on {@code pretextData}. */
    static CellKeys of(Cell cell, Scale.Preset preset, DatasetSplits data, DatasetSplits pretextData) {
        String trainingDescription = cell.trainingDescription(pretextData.fingerprint().toString(),
                preset.augmentation().toString());
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
        String cellKey = Hashing.shortKey(trainingDescription + "|probe=" + probe + "|at=" + cell.endPoint() + "|pool="
                + pooling + "|labels=" + fraction + ":" + labelSubset + "|sizes=" + preset.probeTrainImages() + ","
                + preset.probeValImages() + "," + preset.testImages() + "," + preset.pretextEvalImages()
                + (cell.control() ? "" : "|control=none")
                + (pretextData == data ? "" : "|probed on " + data.fingerprint()));
        return new CellKeys(Hashing.shortKey(trainingDescription), cellKey, probe, pooling, probeTrain, probeVal, test,
                budget, valBudget, labelSubset);
    }

    /** The key of the features of {@code images} at {@code endPoint} of the weights {@code weights} (trained, initial). */
    String featureKey(String weights, String endPoint, ImageSet images, Scale.Preset preset) {
        return Hashing.shortKey(networkKey + "|weights=" + weights + "|at=" + endPoint + "|split=" + images.name()
                + ":" + images.size() + "|pool=" + pooling + "|eval=" + preset.augmentation() + "|features=v1");
    }

    /** The probe's three splits: training, validation, test. */
    ImageSet[] splits() {
        return new ImageSet[] {probeTrain, probeVal, test};
    }
}
