package org.revisit.study;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits.DatasetFingerprint;
import org.revisit.data.ImageSet;
import org.revisit.nets.Geometry;
import org.revisit.nets.Head;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.JigsawPermutations;
import org.revisit.pretext.SemiHardTripletLoss;
import org.revisit.pretext.TaskName;
import org.revisit.pretext.TripletLossFunction;
import org.revisit.probe.FeaturePooling;
import org.revisit.probe.Lbfgs;
import org.revisit.probe.LinearProbe;
import org.revisit.probe.Probe;
import org.revisit.probe.SgdProbe;
import org.revisit.train.TrainingConfig;

import java.util.Arrays;

/**
 * The texts hashed into the cache keys: a stored format. Every trained network, feature file and cell result is
 * found by its key, so each text here is written field by field and never through a {@code toString()}: describing
 * a class for people changes no key. A change to any text retrains or recomputes stored work; make it on purpose,
 * with a new version below, and update the pinned lists of {@code CacheKeysTest}.
 * <ul>
 *   <li>network keys: version {@value #NETWORK} (the text starts {@code v3|}; 3 since the batch-norm statistics
 *   are accumulated in double, so networks trained with float statistics are trained again); Jigsaw's name its
 *   permutation set since it is the official file, so those trained on the regenerated set are trained again;
 *   Exemplar's, Jigsaw's and Relative Patch Location's mark their inputs standardised as TF standardises grey
 *   levels;</li>
 *   <li>feature keys: version {@value #FEATURES} (the text ends {@code |features=v1});</li>
 *   <li>cell keys: version 1, which carries no mark.</li>
 * </ul>
 */
final class KeyFormat {
    static final int NETWORK = 3;
    static final int FEATURES = 1;

    private KeyFormat() {
    }

    /** Everything that determines a trained network: the task, its head, the network, training and data. */
    static String network(Cell cell, DatasetFingerprint pretextData, Augmentation augmentation, CNN2DFormat layout) {
        return "v" + NETWORK + "|task=" + cell.task().id() + "|head="
                + head(cell.task().task().head(cell.network().geometry()))
                // the official permutation file; Jigsaw networks trained on the earlier regenerated set carry no mark
                + (cell.task() == TaskName.JIGSAW ? "|permutations=" + JigsawPermutations.SOURCE : "")
                + standardisation(cell.task().task().standardisesInputs()) + "|"
                + spec(cell.network()) + "|"
                + training(cell.training()) + "|data=" + dataset(pretextData) + "|aug=" + augmentation(augmentation)
                + "|layout=" + layout.name();
    }

    /** A cell's result: its network's text, the probe, where and how it reads features, and the split sizes. */
    static String cell(String networkText, Cell cell, Probe probe, FeaturePooling pooling, String labelSubset,
                       Scale.Preset preset, DatasetFingerprint probedOn) {
        return networkText + "|probe=" + probe(probe) + "|at=" + cell.endPoint() + "|pool=" + pooling(pooling)
                + "|labels=" + cell.probe().labelFraction() + ":" + labelSubset + "|sizes=" + preset.probeTrainImages()
                + "," + preset.probeValImages() + "," + preset.testImages() + "," + preset.pretextEvalImages()
                + (cell.control() ? "" : "|control=none") + (probedOn == null ? "" : "|probed on " + dataset(probedOn))
                // the finished network, every cell keyed before learning curves, carries no mark
                + (cell.atStep() < 0 ? "" : "|step=" + cell.atStep());
    }

    /**
     * The features of {@code images} at {@code endPoint} of a network's {@code weights} (trained, initial), from the
     * task's probe input {@code probeInput} (empty: the task's own, as every feature file keyed before it).
     */
    static String features(String networkKey, String weights, String endPoint, ImageSet images,
                           FeaturePooling pooling, Augmentation evaluation, String probeInput) {
        return networkKey + "|weights=" + weights + "|at=" + endPoint + "|split=" + images.name() + ":"
                + images.size() + "|pool=" + pooling(pooling) + "|eval=" + augmentation(evaluation)
                + (probeInput.isEmpty() ? "" : "|input=" + probeInput) + "|features=v" + FEATURES;
    }

    /**
     * The mark of inputs standardised as TF's op standardises [0, 255] values; the networks and pixels keyed before,
     * standardised with the floor on the [-1, 1] scale, carry none.
     */
    static String standardisation(boolean standardised) {
        return standardised ? "|standardised on grey levels" : "";
    }

    static String spec(NetworkSpec n) {
        return "NetworkSpec{architecture=" + n.architecture().id() + ", width=" + n.width() + ", depth="
                + Arrays.toString(n.depth()) + ", geometry=" + geometry(n.geometry()) + ", lastRelu=" + n.lastRelu()
                + ", representationSize=" + n.representationSize()
                // batch norm after the representation layer since it exists; networks without the layer unchanged
                + (n.representationSize() > 0 ? ", representation batch-normalised" : "") + "}";
    }

    static String geometry(Geometry g) {
        return g.name() + "(" + g.height() + "x" + g.width() + "x" + g.channels() + ", root " + g.rootKernel() + "x"
                + g.rootKernel() + "/" + g.rootStride()
                // the v2 and RevNet root pools count TF's padding zeros since; only the paper's geometries pool
                + (g.rootMaxPool() ? " + maxpool 3x3/2, zero-padded" : "")
                + ", stage strides " + Arrays.toString(g.stageStrides()) + ", vgg pools "
                + Arrays.toString(g.vggPoolStrides()) + ")";
    }

    static String head(Head head) {
        if (head instanceof Head.Softmax s) {
            return "Softmax[classes=" + s.classes() + "]";
        }
        if (head instanceof Head.Embedding e) {
            return "Embedding[size=" + e.size() + ", loss=" + loss(e.loss()) + "]";
        }
        if (head instanceof Head.PatchClassifier p) {
            // "embedded once": each image's nine patches go through the trunk once, as in the official code; the
            // networks trained before, which ran every example's patches through it, are not reused
            return "PatchClassifier[patches=" + p.patches() + ", classes=" + p.classes() + ", embedding="
                    + p.embedding() + ", hidden=" + p.hidden() + ", keep=" + p.keep() + ", embedded once]";
        }
        throw new IllegalArgumentException("no key text for the head " + head + ": add one to KeyFormat");
    }

    private static String loss(ILossFunction loss) {
        if (loss instanceof TripletLossFunction t) {
            // per embedding, the normalisation of every network keyed before the option, carries no mark
            return "TripletLossFunction(semi-hard, margin=" + t.margin()
                    + (t.normalisation() == SemiHardTripletLoss.Normalisation.ACROSS_BATCH
                    ? ", normalised across the batch" : "") + ")";
        }
        throw new IllegalArgumentException("no key text for the loss " + loss + ": add one to KeyFormat");
    }

    static String training(TrainingConfig t) {
        return "TrainingConfig{epochs=" + t.epochs() + ", batchImages=" + t.batchImages() + ", baseLr=" + t.baseLr()
                + ", lrScaleBatch=" + t.lrScaleBatch() + ", warmupEpochs=" + t.warmupEpochs() + ", decayEpochs="
                + Arrays.toString(t.decayEpochs()) + ", decayFactor=" + t.decayFactor() + ", momentum="
                + t.momentum() + ", weightDecay=" + t.weightDecay() + ", bnDecay=" + t.bnDecay() + ", trainImages="
                + t.trainImages() + ", seed=" + t.seed()
                // one shard (the whole step) carries no mark: every network keyed before the option was so trained
                + (t.replicas() == 1 ? "" : ", replicas=" + t.replicas()) + "}";
    }

    static String probe(Probe probe) {
        if (probe instanceof LinearProbe l) {
            return "LinearProbe{l2Grid=" + Arrays.toString(l.l2Grid()) + ", maxIterations=" + l.maxIterations()
                    + ", solver=L-BFGS(m=10, relTol=" + Lbfgs.PROBE_REL_TOL + ", Böhning-preconditioned), "
                    + "standardised features, refit on train+val}";
        }
        if (probe instanceof SgdProbe s) {
            return "SgdProbe{" + (s.hidden() > 0 ? "mlp hidden=" + s.hidden() + " relu dropout 0.5" : "linear")
                    + ", epochs=" + s.epochs() + ", decayEpochs=" + Arrays.toString(s.decayEpochs()) + ", batch="
                    + s.batch() + ", lr=" + s.baseLr() + " x batch/256, momentum=" + s.momentum() + ", l2=" + s.l2()
                    + ", seed=" + s.seed() + (s.standardises() ? ", standardised features" : ", raw features")
                    // the central crops of the train split carry no mark: every probe keyed before the option
                    + (s.trainingData() == SgdProbe.TrainingData.RANDOM_CROPS_OF_TRAINVAL
                    ? ", random crops of train+val every step" : "") + "}";
        }
        throw new IllegalArgumentException("no key text for the probe " + probe + ": add one to KeyFormat");
    }

    static String pooling(FeaturePooling p) {
        return "FeaturePooling{max, kernel = stride = ceil(sqrt(HWC / " + p.target() + ")), VALID}";
    }

    /**
     * Without the saturation field when it is 0, the resize when bilinear and the slim flag when unset: the
     * keys stored before they existed were made so.
     */
    static String augmentation(Augmentation a) {
        return "Augmentation[minArea=" + a.minArea() + ", maxArea=" + a.maxArea() + ", minAspect=" + a.minAspect()
                + ", maxAspect=" + a.maxAspect() + ", flip=" + a.flip() + ", brightness=" + a.brightness()
                + ", evalArea=" + a.evalArea() + (a.saturation() == 0 ? "" : ", saturation=" + a.saturation())
                + (a.evalAreaResize() ? ", evalResize=area" : "")
                // slim's bilinear resizes sampled as TF1's since; only the paper preset is slim's
                + (a.slim() ? ", slim, TF1 bilinear" : "") + "]";
    }

    /** Without the fields added later when they are unset, as the keys made before them were. */
    static String dataset(DatasetFingerprint d) {
        return "DatasetFingerprint[dataset=" + d.dataset() + ", contentSha256=" + d.contentSha256()
                + ", splitSha256=" + d.splitSha256() + ", train=" + d.train() + ", val=" + d.val() + ", test="
                + d.test() + ", height=" + d.height() + ", width=" + d.width() + ", channels=" + d.channels()
                + ", classes=" + d.classes() + (d.unlabeled() == 0 ? "" : ", unlabeled=" + d.unlabeled())
                + (d.contentCovers() == null ? "" : ", contentCovers=" + d.contentCovers())
                + (d.classListSha256() == null ? "" : ", classListSha256=" + d.classListSha256()) + "]";
    }
}
