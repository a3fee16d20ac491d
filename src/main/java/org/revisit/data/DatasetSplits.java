package org.revisit.data;

import org.revisit.util.Hashing;
import org.revisit.util.Permutations;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The splits the study uses: {@code train} (pretext training and probe training), an own {@code val} split carved out
 * of the official training split by seed (the paper holds out 50,000 random ImageNet training images, paper.md §3.6),
 * the official {@code test} split, touched only for the final probe score, and, where the dataset has one, an
 * {@code unlabeled} split that pretext training uses instead of {@code train} (STL-10's 100,000 images).
 */
public record DatasetSplits(String dataset, ImageSet train, ImageSet val, ImageSet test, ImageSet unlabeled,
                            long splitSeed, DatasetFingerprint fingerprint) {

    /** Moves {@code valCount} images of {@code officialTrain}, chosen by {@code seed}, into a validation split. */
    public static DatasetSplits carve(String dataset, ImageSet officialTrain, ImageSet test, int valCount, long seed) {
        return carve(dataset, officialTrain, test, null, null, valCount, seed);
    }

    /**
     * As above, with an unlabelled pretext split (or null) and the class names (null: the classes are numbered);
     * file-backed sets are fingerprinted by their file list and sizes, in-memory ones by their pixels.
     */
    public static DatasetSplits carve(String dataset, ImageSet officialTrain, ImageSet test, ImageSet unlabeled,
                                      List<String> classNames, int valCount, long seed) {
        int n = officialTrain.size();
        if (valCount >= n && n >= 5) {
            // a scale's validation size meets a smaller dataset (STL-10's 5,000 labelled images at the small scale)
            org.slf4j.LoggerFactory.getLogger(DatasetSplits.class).warn("{}: only {} training images; the own "
                    + "validation split holds a fifth of them ({}) instead of the {} asked for", dataset, n, n / 5,
                    valCount);
            valCount = n / 5;
        }
        if (valCount <= 0 || valCount >= n) {
            throw new IllegalArgumentException(dataset + ": validation size " + valCount + " must be in (0, " + n
                    + "), the official training split has " + n + " images");
        }
        int[] perm = permutation(n, seed);
        int[] val = Arrays.copyOf(perm, valCount);
        int[] train = Arrays.copyOfRange(perm, valCount, n);
        Arrays.sort(val);
        Arrays.sort(train);
        ImageSet trainSet = officialTrain.subset(dataset + "/train", train);
        ImageSet valSet = officialTrain.subset(dataset + "/val", val);
        ImageSet testSet = test.subset(dataset + "/test", Permutations.identity(test.size()));
        return new DatasetSplits(dataset, trainSet, valSet, testSet, unlabeled, seed,
                DatasetFingerprint.of(dataset, officialTrain, test, unlabeled, classNames, seed, valSet, trainSet));
    }

    /** The images pretext training draws from: the unlabelled split where there is one, else {@code train}. */
    public ImageSet pretextTrain() {
        return unlabeled != null ? unlabeled : train;
    }

    static int[] permutation(int n, long seed) {
        int[] p = Permutations.identity(n);
        Permutations.shuffle(p, new SplittableRandom(seed));
        return p;
    }

    /**
     * Identity of a dataset and of the split drawn from it, recorded in every result.
     *
     * @param contentSha256  over pixels and labels (in-memory datasets) or over the file list, sizes and labels
     *                       (image folders: {@code contentCovers} says which)
     * @param unlabeled      images of the unlabelled split (0: none)
     * @param contentCovers  null for pixels, else what {@code contentSha256} covers
     * @param classListSha256 over the class names in label order (null: numbered classes)
     */
    public record DatasetFingerprint(String dataset, String contentSha256, String splitSha256, int train, int val,
                                     int test, int height, int width, int channels, int classes, int unlabeled,
                                     String contentCovers, String classListSha256) {

        /** A dataset of numbered classes fingerprinted by its pixels, without an unlabelled split. */
        public DatasetFingerprint(String dataset, String contentSha256, String splitSha256, int train, int val,
                                  int test, int height, int width, int channels, int classes) {
            this(dataset, contentSha256, splitSha256, train, val, test, height, width, channels, classes, 0, null,
                    null);
        }

        static DatasetFingerprint of(String dataset, ImageSet officialTrain, ImageSet test, ImageSet unlabeled,
                                     List<String> classNames, long seed, ImageSet val, ImageSet train) {
            MessageDigest content = Hashing.sha256();
            officialTrain.digest(content);
            test.digest(content);
            if (unlabeled != null) {
                unlabeled.digest(content);
            }
            MessageDigest split = Hashing.sha256();
            val.digest(split);
            String classes = classNames == null ? null
                    : Hashing.hex(Hashing.sha256().digest(String.join("\n", classNames).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
            return new DatasetFingerprint(dataset, Hashing.hex(content.digest()).substring(0, 16),
                    Hashing.hex(split.digest()).substring(0, 16), train.size(), val.size(), test.size(),
                    train.height(), train.width(), train.channels(), train.numClasses(),
                    unlabeled == null ? 0 : unlabeled.size(), officialTrain.digestCovers(), classes);
        }

        @Override
        public String toString() {
            return "DatasetFingerprint[dataset=" + dataset + ", contentSha256=" + contentSha256 + ", splitSha256="
                    + splitSha256 + ", train=" + train + ", val=" + val + ", test=" + test + ", height=" + height
                    + ", width=" + width + ", channels=" + channels + ", classes=" + classes
                    + (unlabeled == 0 ? "" : ", unlabeled=" + unlabeled)
                    + (contentCovers == null ? "" : ", contentCovers=" + contentCovers)
                    + (classListSha256 == null ? "" : ", classListSha256=" + classListSha256) + "]";
        }
    }
}
