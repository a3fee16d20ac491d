package org.revisit.claims;

import java.util.List;
import java.util.function.Function;

/**
 * The study's testable claims (SPEC §5), registered here with their wording and test; the checks live by subject in
 * {@link ArchitectureClaims}, {@link WidthClaims} and {@link EvaluationClaims}. Each is a check over the measured
 * results with a verdict and the statistic behind it. A difference counts only when its 95 % interval (Newcombe,
 * from the Wilson intervals of the two accuracies) excludes zero; a rank correlation comes with a bootstrap interval. Where the measurements a claim needs
 * are missing at a scale, the verdict is inconclusive and says what is missing.
 */
public final class Claims {
    static final long SEED = 0;
    /** Claim 2's "perform similarly on the pretext task": pretext accuracies within 3 points. */
    static final double SIMILAR_PRETEXT = 0.03;

    /** One claim: its number and wording in SPEC §5, how it is tested here, and the check. */
    public record Claim(int number, String claim, String test, Function<Measurements, Outcome> check) {
        public ClaimResult evaluate(Measurements m) {
            Outcome o = check.apply(m);
            return new ClaimResult(number, claim, test, "SPEC §5." + number, o.verdict(), o.statistic(), m.scale());
        }
    }

    record Outcome(Verdict verdict, String statistic) {
    }

    private Claims() {
    }

    public static List<Claim> all() {
        return List.of(
                new Claim(1, "Architecture and pretext task interact: the ranking of architectures is not the same "
                        + "for every task.", "Table 1 at the narrowest width: the best architecture per task; "
                        + "reproduced when two tasks have different winners and each winner significantly beats the "
                        + "other's in its own task.", ArchitectureClaims::interaction),
                new Claim(2, "Choices that barely matter in supervised learning (ResNet v1 vs v2, the ReLU before "
                        + "pooling) change self-supervised linear accuracy by several points.",
                        "Table 1: v1 vs v2, v2 vs v2 (-), RevNet vs RevNet (-) per task and width; reproduced when a "
                                + "pair differs significantly downstream with pretext accuracies within 3 points.",
                        ArchitectureClaims::recipes),
                new Claim(3, "VGG19-BN is the worst architecture for every task.", "Table 1: VGG19-BN against the "
                        + "other architectures per task and width; reproduced when it is last everywhere and "
                        + "significantly so somewhere; not reproduced when it significantly beats one.",
                        ArchitectureClaims::vgg),
                new Claim(4, "Skip connections prevent degradation: VGG19-BN's representation deteriorates towards "
                        + "the end of the network, ResNet's and RevNet's do not.", "Figure 5: an earlier end-point "
                        + "significantly above the pre-logits is a drop.", ArchitectureClaims::skipConnections),
                new Claim(5, "RevNet boosts Rotation (by more than 5 points at the paper scale) but not the other "
                        + "tasks.", "Table 1: RevNet50 minus ResNet50 v2 per task, narrowest width.",
                        ArchitectureClaims::revnet),
                new Claim(6, "Wider networks give better representations for every task and architecture.",
                        "Table 1: widest minus narrowest width per task and architecture.", WidthClaims::width),
                new Claim(7, "Width and representation size are separate factors: accuracy grows with each at a "
                        + "fixed other.", "Figure 6: each step up in representation size at a fixed width, and in "
                        + "width at a fixed representation size.", WidthClaims::representation),
                new Claim(8, "Wider networks are better also with 10 % and 5 % of the labels.", "Figure 7: widest "
                        + "minus narrowest width per task at 10 % and 5 % of the labels.", WidthClaims::lowData),
                new Claim(9, "Pretext accuracy predicts downstream accuracy within an architecture, not across "
                        + "architectures.", "Figure 4: concordant pairs of networks of the same task and "
                        + "architecture (sign test), against the rank correlation across architectures at one width.",
                        EvaluationClaims::pretextProxy),
                new Claim(10, "A linear probe is adequate: an MLP improves only marginally and keeps the ranking.",
                        "Figure 3: MLP minus linear top-1 per network, and their rank correlation.",
                        EvaluationClaims::mlp),
                new Claim(11, "The SGD-trained linear model needs long training: a later first decay (30 -> 120 -> "
                        + "480 epochs) gives higher accuracy.", "Figure 8: final top-1 of the 480- and 120-epoch "
                        + "schedules minus the 30-epoch one, per task.", EvaluationClaims::schedule),
                new Claim(12, "Rankings on Places205 agree with ImageNet's.", "The same networks' pre-logits "
                        + "top-1 on this run's dataset and on another (Places205 in the paper), rank-correlated.",
                        EvaluationClaims::transferRanking),
                new Claim(13, EvaluationClaims.stateOfTheArtText(),
                        "Table 2: only comparable at the paper scale on ImageNet.",
                        EvaluationClaims::stateOfTheArt),
                new Claim(14, "In residual networks the pre-logits are the best layer.", "Figure 5: ResNet50 v2 and "
                        + "RevNet50, no end-point significantly above the pre-logits.",
                        ArchitectureClaims::preLogitsBest));
    }

    public static List<ClaimResult> evaluate(Measurements m) {
        return all().stream().map(c -> c.evaluate(m)).toList();
    }
}
