package org.revisit.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * Plain (heavy-ball) momentum as TensorFlow's MomentumOptimizer, which the paper uses (paper.md §3.1):
 * {@code a = m * a + g; w -= lr * a}. DL4J ships only Nesterov momentum ({@code Nesterovs}), a different method.
 * The learning rate multiplies the accumulator at each step, so a decay takes effect at once, as in TF.
 */
public final class Momentum implements IUpdater {
    @JsonProperty
    private double learningRate;
    @JsonProperty
    private ISchedule learningRateSchedule;
    @JsonProperty
    private double momentum;

    public Momentum() {
        this(0.1, null, 0.9);
    }

    public Momentum(double learningRate, ISchedule schedule, double momentum) {
        this.learningRate = learningRate;
        this.learningRateSchedule = schedule;
        this.momentum = momentum;
    }

    public double momentum() {
        return momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public Momentum clone() {
        return new Momentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule schedule) {
        this.learningRate = lr;
        this.learningRateSchedule = schedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m && m.learningRate == learningRate && m.momentum == momentum
                && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum, learningRateSchedule);
    }

    @Override
    public String toString() {
        return "Momentum{lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", momentum=" + momentum + "}";
    }

    static final class Updater implements GradientUpdater<Momentum> {
        static final String STATE = "A";
        private final Momentum config;
        private INDArray accumulator;

        Updater(Momentum config) {
            this.config = config;
        }

        @Override
        public Momentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (state == null || state.size() != 1 || !state.containsKey(STATE)) {
                throw new IllegalStateException("Momentum updater state must hold exactly '" + STATE + "', got "
                        + (state == null ? null : state.keySet()));
            }
            accumulator = state.get(STATE);
            if (initialize) {
                accumulator.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(STATE, accumulator);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            accumulator = viewArray.reshape(order, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            accumulator.muli(config.momentum).addi(gradient);
            gradient.assign(accumulator).muli(lr);
        }
    }
}
