package org.revisit.data;

import org.revisit.util.Hashing;
import org.revisit.util.Permutations;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The three splits the study uses: {@code train} (pretext training and probe training), an own {@code val} split
 * carved out of the official training split by seed (the paper holds out 50,000 random ImageNet training images,
 * SPEC §3.6), and the official {@code test} split, touched only for the final probe score.
 */
public record DatasetSplits(String dataset, ImageSet train, ImageSet val, ImageSet test, long splitSeed,
                            DatasetFingerprint fingerprint) {

    /** Moves {@code valCount} images of {@code officialTrain}, chosen by {@code seed}, into a validation split. */
    public static DatasetSplits carve(String dataset, ImageSet officialTrain, ImageSet test, int valCount, long seed) {
        int n = officialTrain.size();
        if (valCount <= 0 || valCount >= n) {
            throw new IllegalArgumentException("validation size " + valCount + " must be in (0, " + n + ")");
        }
        int[] perm = permutation(n, seed);
        int[] val = Arrays.copyOf(perm, valCount);
        int[] train = Arrays.copyOfRange(perm, valCount, n);
        Arrays.sort(val);
        Arrays.sort(train);
        ImageSet trainSet = officialTrain.subset(dataset + "/train", train);
        ImageSet valSet = officialTrain.subset(dataset + "/val", val);
        ImageSet testSet = test.subset(dataset + "/test", Permutations.identity(test.size()));
        return new DatasetSplits(dataset, trainSet, valSet, testSet, seed,
                DatasetFingerprint.of(dataset, officialTrain, test, seed, valSet, trainSet));
    }

    static int[] permutation(int n, long seed) {
        int[] p = Permutations.identity(n);
        Permutations.shuffle(p, new SplittableRandom(seed));
        return p;
    }

    /** Identity of a dataset and of the split drawn from it, recorded in every result. */
    public record DatasetFingerprint(String dataset, String contentSha256, String splitSha256, int train, int val,
                                     int test, int height, int width, int channels, int classes) {
        static DatasetFingerprint of(String dataset, ImageSet officialTrain, ImageSet test, long seed,
                                     ImageSet val, ImageSet train) {
            MessageDigest content = Hashing.sha256();
            officialTrain.digest(content);
            test.digest(content);
            MessageDigest split = Hashing.sha256();
            val.digest(split);
            return new DatasetFingerprint(dataset, Hashing.hex(content.digest()).substring(0, 16),
                    Hashing.hex(split.digest()).substring(0, 16), train.size(), val.size(), test.size(),
                    train.height(), train.width(), train.channels(), train.numClasses());
        }
    }
}
