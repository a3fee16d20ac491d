package org.revisit.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.revisit.data.Augmentation;
import org.revisit.data.DatasetSplits;
import org.revisit.data.FashionMnist;
import org.revisit.nets.Architecture;
import org.revisit.nets.Geometry;
import org.revisit.nets.NetworkSpec;
import org.revisit.pretext.RotationTask;
import org.revisit.util.NativeBackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Training on real images with the prefetching pipeline and the moments BN helper. */
class PretextTrainerTest {
    static DatasetSplits data;

    @BeforeAll
    static void load() {
        NativeBackend.init();
        data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 500, 0);
    }

    /** Batches are prepared on another thread; the seed still fixes every batch, so two runs agree exactly. */
    @Test
    void aSeedGivesTheSameNetwork() {
        NetworkSpec spec = NetworkSpec.of(Architecture.RESNET_V2, 1, new int[] {1, 1, 1, 1}, Geometry.small(28, 1));
        TrainedNetwork a = train(spec, 5);
        TrainedNetwork b = train(spec, 5);
        TrainedNetwork c = train(spec, 6);
        assertEquals(a.graph().params(), b.graph().params());
        assertEquals(a.record().finalLoss(), b.record().finalLoss());
        assertNotEquals(a.graph().params(), c.graph().params(), "another seed gives other batches");
    }

    private static TrainedNetwork train(NetworkSpec spec, long seed) {
        TrainingConfig config = TrainingConfig.paperShape(2, 16, 0.9, 64, seed);
        return PretextTrainer.train("test", spec, new RotationTask(), config, Augmentation.smallImages(),
                data.train(), data.val().head(32));
    }
}
