package org.revisit.cost;

/**
 * One network's measured speed in one framework: a training step (forward, backward, update) on a fixed batch,
 * inference (BN in inference mode), and for DL4J the study's feature extraction (pre-logits of real images with the
 * evaluation preprocessing). Achieved GFLOP/s count a training step as three forward passes (the backward pass
 * costs two), and only convolutions and dense layers, a multiply-add as two operations.
 *
 * @param network               the network's label ({@code NetworkSpec.label()}), the key across frameworks
 * @param extractInputsPerSecond NaN where not measured (the peer; geometries without a dataset)
 * @param peakResidentBytes     the process's peak resident set during the measurement (ND4J's buffers live there)
 * @param error                 why the measurement is missing (e.g. the peer could not run), else empty
 */
public record NetworkThroughput(String framework, String network, String architecture, int width, String geometry,
                                String depth, int batch, int classes, String layout, int threads, long parameters,
                                long multiplyAddsPerInput, double trainSecondsPerStep, double inferSecondsPerBatch,
                                double extractInputsPerSecond, long peakHeapBytes, long peakResidentBytes,
                                String error) {

    public static NetworkThroughput failed(String framework, String network, String architecture, int width,
                                           String geometry, String depth, int batch, String error) {
        return new NetworkThroughput(framework, network, architecture, width, geometry, depth, batch, 0, "", 0, 0, 0,
                Double.NaN, Double.NaN, Double.NaN, -1, -1, error);
    }

    public boolean measured() {
        return error == null || error.isEmpty();
    }

    public double forwardGflopsPerInput() {
        return 2.0 * multiplyAddsPerInput / 1e9;
    }

    public double trainInputsPerSecond() {
        return batch / trainSecondsPerStep;
    }

    public double inferInputsPerSecond() {
        return batch / inferSecondsPerBatch;
    }

    public double trainGflops() {
        return 3 * forwardGflopsPerInput() * trainInputsPerSecond();
    }

    public double inferGflops() {
        return forwardGflopsPerInput() * inferInputsPerSecond();
    }
}
