package org.revisit.study;

import org.revisit.pretext.TaskName;
import org.revisit.probe.Hits;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What every trained network is read against besides its own untrained weights: the raw pixels of its probe input
 * ({@link PixelBaseline}) and the supervised ceiling of its architecture at its width (the {@code supervised} cells,
 * whose failed runs are left out). Plain queries over stored results.
 */
public record Baselines(List<PixelBaseline> pixels, List<CellResult> supervised) {

    public Baselines {
        pixels = List.copyOf(pixels);
        supervised = List.copyOf(supervised);
    }

    public static Baselines none() {
        return new Baselines(List.of(), List.of());
    }

    /** The pixel rows and the supervised pre-logits cells among {@code results}. */
    public static Baselines of(List<PixelBaseline> pixels, List<CellResult> results) {
        return new Baselines(pixels, results.stream().filter(r -> r.task() == TaskName.SUPERVISED)
                .filter(r -> r.probe().atStep() == null && r.probe().endPoint().equals("pre_logits")
                        && r.probe().kind() == ProbeSetting.Kind.LBFGS && r.probe().labelFraction() == 1.0
                        && r.network().representationSize() <= 0)
                .filter(r -> !RunCheck.failed(r)).toList());
    }

    /** The pixel row {@code r} is compared with: its task's probe input, scored on as many test images. */
    public Optional<PixelBaseline> pixelsFor(CellResult r) {
        PixelBaseline.Input input = PixelBaseline.Input.of(r.task(), r.run().scale());
        return pixels.stream().filter(p -> p.pixelInput() == input && p.scale() == r.run().scale()
                && p.testImages() == r.metrics().testImages()).findFirst();
    }

    /** {@code r}'s top-1 minus its pixel row's, paired over the test images (both hit sets stored). */
    public Optional<Hits.Paired> overPixels(CellResult r) {
        if (r.metrics().top1Hits() == null) {
            return Optional.empty();
        }
        return pixelsFor(r).map(p -> Hits.decode(r.metrics().top1Hits(), "metrics.top1Hits")
                .pairedGain(Hits.decode(p.top1Hits(), "pixel baseline top1Hits")));
    }

    /** The supervised network of {@code r}'s architecture (its plain variant) and width. */
    public Optional<CellResult> ceilingFor(CellResult r) {
        return supervised.stream().filter(s -> s.network().architecture() == r.network().architecture()
                && s.network().width() == r.network().width() && s.run().scale() == r.run().scale()).findFirst();
    }

    /**
     * The share of the gap from {@code r}'s untrained weights to its architecture's supervised ceiling that its
     * training closed, in percent (above 100: past the ceiling); empty without a control or a ceiling, or where the
     * ceiling is not above the floor.
     */
    public OptionalDouble gapClosed(CellResult r) {
        if (!r.metrics().top1Untrained().measured() || r.task().isBaseline()) {
            return OptionalDouble.empty();
        }
        Optional<CellResult> c = ceilingFor(r);
        if (c.isEmpty()) {
            return OptionalDouble.empty();
        }
        double floor = r.metrics().top1Untrained().value();
        double gap = c.get().metrics().top1().value() - floor;
        return gap <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of(100 * (r.metrics().top1().value() - floor) / gap);
    }
}
