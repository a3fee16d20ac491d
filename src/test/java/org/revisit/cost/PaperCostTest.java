package org.revisit.cost;

import org.revisit.pretext.TaskName;
import org.junit.jupiter.api.Test;
import org.revisit.nets.Architecture;
import org.revisit.pretext.RotationTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper scale's cost from FLOP counts; prints the table of docs/speed-and-cost.md. */
class PaperCostTest {
    private static final Logger log = LoggerFactory.getLogger(PaperCostTest.class);

    /** ResNet-50 (stride in the 3x3 conv, as the paper's code) at 224 px: 4.09 G multiply-adds, torchvision's count. */
    @Test
    void resnet50AtWidthFourHasTheKnownMultiplyAdds() {
        PaperCost.Cell c = PaperCost.cell(TaskName.ROTATION, Architecture.RESNET_V1, 4);
        assertEquals(4.09, c.forwardGmacs(), 0.05);
        assertEquals(4, c.inputsPerImage());
        // 35 epochs of 1,231,167 images x 4 rotations, forward + backward
        assertEquals(6 * 4.09e9 * 4 * 1_231_167 * 35 / 1e15, c.trainingPflop(), 0.02 * c.trainingPflop());
        // 367 img/s on a V100 trains one ResNet-50 epoch (1 input per image) in 1,281,167 / 367 s: 4 inputs x 35
        // epochs of 1,231,167 images take 4 x 35 x 1,231,167 / 367 s
        double expected = 4.0 * 35 * 1_231_167 / 367 / 3600;
        double hours = c.gpuHours(PaperCost.Gpu.V100_FP32);
        assertTrue(hours > expected && hours < expected * 1.05, hours + " vs " + expected + " (+ features)");
    }

    @Test
    void widthMultipliesTheCostByAboutItsSquare() {
        PaperCost.Cell k4 = PaperCost.cell(TaskName.ROTATION, Architecture.RESNET_V2, 4);
        PaperCost.Cell k16 = PaperCost.cell(TaskName.ROTATION, Architecture.RESNET_V2, 16);
        double ratio = k16.forwardGmacs() / k4.forwardGmacs();
        assertTrue(ratio > 12 && ratio < 16, "k=16 / k=4 multiply-adds " + ratio);
    }

    @Test
    void table1CostsEveryCellAndPrintsTheReadmeTable() {
        List<PaperCost.Cell> cells = PaperCost.table1();
        assertEquals(4 * 4 * 4, cells.size());
        for (PaperCost.Cell c : cells) {
            // the patch tasks' trunk sees each image's nine patches once, as the paper's code does
            int passes = c.task().equals("rotation") ? 4 : c.task().equals("exemplar") ? 8 : 9;
            assertEquals(passes, c.inputsPerImage(), c.toString());
            assertTrue(c.trainingPflop() > 10 * c.featuresPflop(), "training dominates: " + c);
        }
        log.info("paper scale, GPU-hours per cell on a V100 (fp32):\n{}", PaperCost.markdown(cells, PaperCost.Gpu.V100_FP32));
        log.info("paper scale, GPU-hours per cell on an A100 (TF32):\n{}", PaperCost.markdown(cells, PaperCost.Gpu.A100_TF32));
    }
}
