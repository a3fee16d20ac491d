package org.revisit.claims;

import org.revisit.plan.StudyTable;

import java.util.List;
import java.util.function.Function;

/**
 * The study's testable claims (paper.md §5), registered here with their wording and test; the checks live by subject in
 * {@link ArchitectureClaims}, {@link WidthClaims} and {@link EvaluationClaims}. Each is a check over the measured
 * results with a verdict and the statistic behind it. A difference counts only when its 95 % interval (Newcombe,
 * from the Wilson intervals of the two accuracies) excludes zero; a rank correlation comes with a bootstrap
 * interval. Where the measurements a claim needs are missing at a scale, the verdict is inconclusive and says what
 * is missing. A claim is the self-supervision's only when the untrained controls of the same cells do not show it
 * as well ({@link Claim#evaluate}).
 */
public final class Claims {
    static final long SEED = 0;
    /** Claim 2's "perform similarly on the pretext task": pretext accuracies within 3 points. */
    static final double SIMILAR_PRETEXT = 0.03;

    /**
     * One claim: its number and wording in paper.md §5, how it is tested here, the check, and the tables whose cells it
     * rests on. A check that weighs the untrained controls itself ({@code ownControls}: claims 6-8, step by step) is
     * taken as it is; any other is also run on the same cells' untrained controls ({@link Measurements#controls()}),
     * and a claim the controls reproduce as well holds for untrained networks too: it is not self-supervision's.
     */
    public record Claim(int number, String claim, String test, Function<Measurements, Outcome> check,
                        List<StudyTable> tables, boolean ownControls) {
        public ClaimResult evaluate(Measurements m) {
            Outcome o = check.apply(m);
            Verdict verdict = o.verdict();
            String statistic = o.statistic();
            if (!ownControls) {
                Outcome c = check.apply(m.controls());
                if (verdict == Verdict.REPRODUCED && c.verdict() == Verdict.REPRODUCED) {
                    verdict = Verdict.UNTRAINED_TOO;
                }
                statistic += " || on the untrained controls of the same cells: " + c.verdict().text() + " ("
                        + c.statistic() + ")";
            }
            statistic += " || " + m.learnedCount(tables);
            return new ClaimResult(number, claim, test, "paper.md §5." + number, verdict, statistic, m.scale());
        }
    }

    private static Claim claim(int number, String claim, String test, Function<Measurements, Outcome> check,
                               StudyTable... tables) {
        return new Claim(number, claim, test, check, List.of(tables), false);
    }

    private static Claim controlledClaim(int number, String claim, String test, Function<Measurements, Outcome> check,
                                         StudyTable... tables) {
        return new Claim(number, claim, test, check, List.of(tables), true);
    }

    record Outcome(Verdict verdict, String statistic) {
    }

    private Claims() {
    }

    public static List<Claim> all() {
        return List.of(
                claim(1, "Architecture and pretext task interact: the ranking of architectures is not the same "
                        + "for every task.", "Table 1 at the narrowest width: the best architecture per task; "
                        + "reproduced when two tasks have different winners and each winner significantly beats the "
                        + "other's in its own task.", ArchitectureClaims::interaction,
                        StudyTable.ARCHITECTURE_COMPARISON),
                claim(2, "Choices that barely matter in supervised learning (ResNet v1 vs v2, the ReLU before "
                        + "pooling) change self-supervised linear accuracy by several points.",
                        "Table 1: v1 vs v2, v2 vs v2 (-), RevNet vs RevNet (-) per task and width; reproduced when a "
                                + "pair differs significantly downstream with pretext accuracies within 3 points.",
                        ArchitectureClaims::recipes, StudyTable.ARCHITECTURE_COMPARISON),
                claim(3, "VGG19-BN is the worst architecture for every task.", "Table 1: VGG19-BN against the "
                        + "other architectures per task and width; reproduced when it is last everywhere and "
                        + "significantly so somewhere; not reproduced when it significantly beats one.",
                        ArchitectureClaims::vgg, StudyTable.ARCHITECTURE_COMPARISON),
                claim(4, "Skip connections prevent degradation: VGG19-BN's representation deteriorates towards "
                        + "the end of the network, ResNet's and RevNet's do not.", "Figure 5: an earlier end-point "
                        + "significantly above the pre-logits is a drop; two or more curves of each kind.", ArchitectureClaims::skipConnections,
                        StudyTable.LAYERWISE_PROBE),
                claim(5, "RevNet boosts Rotation (by more than 5 points at the paper scale) but not the other "
                        + "tasks.", "Table 1: RevNet50 minus ResNet50 v2 per task, narrowest width.",
                        ArchitectureClaims::revnet, StudyTable.ARCHITECTURE_COMPARISON),
                controlledClaim(6, "Wider networks give better representations for every task and architecture.",
                        "Table 1: widest minus narrowest width per task and architecture.", WidthClaims::width,
                        StudyTable.ARCHITECTURE_COMPARISON),
                controlledClaim(7, "Width and representation size are separate factors: accuracy grows with each "
                        + "at a fixed other.", "Figure 6: each step up in representation size at a fixed width, and in "
                        + "width at a fixed representation size.", WidthClaims::representation, StudyTable.WIDTH_SWEEP),
                controlledClaim(8, "Wider networks are better also with 10 % and 5 % of the labels.",
                        "Figure 7: widest minus narrowest width per task at 10 % and 5 % of the labels.",
                        WidthClaims::lowData, StudyTable.LABEL_BUDGET),
                claim(9, "Pretext accuracy predicts downstream accuracy within an architecture, not across "
                        + "architectures.", "Figure 4: concordant pairs of networks of the same task and "
                        + "architecture (sign test), against the rank correlation across architectures at one width.",
                        EvaluationClaims::pretextProxy, StudyTable.PRETEXT_VS_DOWNSTREAM),
                claim(10, "A linear probe is adequate: an MLP improves only marginally and keeps the ranking.",
                        "Figure 3: MLP minus linear top-1 per network, and their rank correlation.",
                        EvaluationClaims::mlp, StudyTable.LINEAR_VS_MLP),
                claim(11, "The SGD-trained linear model needs long training: a later first decay (30 -> 120 -> "
                        + "480 epochs) gives higher accuracy.", "Figure 8: final top-1 of the 480- and 120-epoch "
                        + "schedules minus the 30-epoch one, per task.", EvaluationClaims::schedule,
                        StudyTable.PROBE_SCHEDULE),
                claim(12, "Rankings on Places205 agree with ImageNet's.", "The same networks' pre-logits "
                        + "top-1 on this run's dataset and on another (Places205 in the paper), rank-correlated.",
                        EvaluationClaims::transferRanking, StudyTable.ARCHITECTURE_COMPARISON),
                claim(13, EvaluationClaims.stateOfTheArtText(),
                        "Table 2: only comparable at the paper scale on ImageNet.",
                        EvaluationClaims::stateOfTheArt, StudyTable.PRIOR_WORK),
                claim(14, "In residual networks the pre-logits are the best layer.", "Figure 5: ResNet50 v2 and "
                        + "RevNet50, no end-point significantly above the pre-logits; two or more curves.",
                        ArchitectureClaims::preLogitsBest, StudyTable.LAYERWISE_PROBE));
    }

    public static List<ClaimResult> evaluate(Measurements m) {
        return all().stream().map(c -> c.evaluate(m)).toList();
    }
}
