//! The claims table: one row per numbered item of the paper (Eqs. 1-48,
//! Theorems 1-3, Lemmas 1-2, Corollaries 1-2, Algorithms 1-3, the rows of
//! Table 1), with where it is implemented, which tests or proof obligations
//! check it, and its status. `sgl claims` prints it; `docs/claims.md` is its
//! output and `tests/claims_table.rs` checks that every named test and module
//! exists and that no paper item is missing.
//!
//! Checked-by names are `target::function`: `proof_appendix_*` targets are
//! the obligation files under `proofs/` (run by `cargo test --test
//! proof_appendix_a` etc.; each obligation is a function listed in the
//! appendix's table test).

use serde::Serialize;

/// Status of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// Checked and holds as printed.
    Verified,
    /// Printed form is wrong; the corrected form is implemented and checked.
    Erratum,
    /// Holds only under a premise the paper does not state there.
    NeedsPremise,
    /// False, with a counterexample.
    False,
    /// The paper's argument does not establish it (a step fails or does not
    /// connect); no counterexample to the statement itself is known.
    Unproven,
    /// No test in the tree checks it yet.
    NotCheckedYet,
}

impl ClaimStatus {
    /// The label printed in the table.
    pub fn label(self) -> &'static str {
        match self {
            ClaimStatus::Verified => "verified",
            ClaimStatus::Erratum => "erratum",
            ClaimStatus::NeedsPremise => "needs-premise",
            ClaimStatus::False => "false",
            ClaimStatus::Unproven => "unproven",
            ClaimStatus::NotCheckedYet => "not-checked-yet",
        }
    }
}

/// How strongly a claim is established by the proof obligations it cites
/// (`proof_appendix_*::...` in `checked_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// Checked exactly on seeded samples only (or by tests that are not proof
    /// obligations).
    Sampled,
    /// Every cited obligation is proved for all real inputs, some only within
    /// a bound on the group size `d` or the horizon `T`.
    ProvedBounded,
    /// Every cited obligation is proved for all real inputs.
    Proved,
}

impl Strength {
    /// The label printed in the table.
    pub fn label(self) -> &'static str {
        match self {
            Strength::Sampled => "sampled",
            Strength::ProvedBounded => "proved-bounded",
            Strength::Proved => "proved",
        }
    }
}

/// Strength of every proof obligation, as `proofs/strength/<target>.tsv`
/// (written and byte-checked by the `proof_appendix_*` tests):
/// `target::obligation<TAB>proved | proved-bounded (bound) | sampled`.
static OBLIGATION_STRENGTHS: [&str; 5] = [
    include_str!("../proofs/strength/proof_appendix_a.tsv"),
    include_str!("../proofs/strength/proof_appendix_b.tsv"),
    include_str!("../proofs/strength/proof_appendix_c.tsv"),
    include_str!("../proofs/strength/proof_appendix_d1.tsv"),
    include_str!("../proofs/strength/proof_appendix_d2.tsv"),
];

/// Strength and bound (e.g. `d <= 3`) of one proof obligation
/// (`proof_appendix_a::obligation_29_substitution`), `None` if unknown.
pub fn obligation_strength(name: &str) -> Option<(Strength, Option<&'static str>)> {
    OBLIGATION_STRENGTHS
        .iter()
        .flat_map(|f| f.lines())
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let (n, st) = l.split_once('\t')?;
            if n != name {
                return None;
            }
            match st {
                "proved" => Some((Strength::Proved, None)),
                "sampled" => Some((Strength::Sampled, None)),
                b => {
                    let bound = b.strip_prefix("proved-bounded (")?.strip_suffix(')')?;
                    Some((Strength::ProvedBounded, Some(bound)))
                }
            }
        })
}

/// Every proof obligation listed in `proofs/strength/`, with its strength.
pub fn obligations() -> Vec<(&'static str, Strength)> {
    OBLIGATION_STRENGTHS
        .iter()
        .flat_map(|f| f.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (n, _) = l.split_once('\t')?;
            Some((n, obligation_strength(n)?.0))
        })
        .collect()
}

/// One row of the claims table.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Tag, e.g. `Eq:6`, `Thm1`, `Alg2`, `Tab1:Adam`.
    pub id: &'static str,
    /// Short statement.
    pub statement: &'static str,
    /// Module paths implementing it (`sgl_oracle::...`), possibly empty.
    pub implemented_in: &'static [&'static str],
    /// Tests / obligations checking it (`target::function`).
    pub checked_by: &'static [&'static str],
    /// Status.
    pub status: ClaimStatus,
    /// Note (errata ids, premises).
    pub note: &'static str,
}

/// The rows whose statement is established by proof obligations, and which
/// obligations together establish it (each also listed in the row's
/// `checked_by`). A row not listed here is `sampled`, whatever it cites: an
/// obligation cited for a single step does not prove the row's statement.
pub static ROW_PROOFS: &[(&str, &[&str])] = &[
    (
        "Eq:8",
        &[
            "proof_appendix_a::obligation_26_27_l1_reduction",
            "proof_appendix_a::obligation_29_substitution",
            "proof_appendix_a::obligation_31_34_group_minimiser",
            "proof_appendix_a::obligation_34_back_substitution",
        ],
    ),
    ("Eq:9", &["proof_appendix_a::obligation_26_27_l1_reduction"]),
    ("Eq:10", &["proof_appendix_a::obligation_29_substitution"]),
    (
        "Eq:22",
        &[
            "proof_appendix_a::obligation_22_expand_quadratic",
            "proof_appendix_a::obligation_22_drop_constant",
        ],
    ),
    ("Eq:23", &["proof_appendix_a::obligation_23_z_recursion"]),
    ("Eq:24", &["proof_appendix_a::obligation_24_reduction"]),
    ("Eq:25", &["proof_appendix_a::obligation_25_substitute_psi"]),
    (
        "Eq:26",
        &[
            "proof_appendix_a::obligation_26_27_l1_reduction",
            "proof_appendix_a::obligation_26_34_scalar_grid",
        ],
    ),
    (
        "Eq:27",
        &["proof_appendix_a::obligation_26_27_l1_reduction"],
    ),
    ("Eq:28", &["proof_appendix_a::obligation_29_substitution"]),
    ("Eq:29", &["proof_appendix_a::obligation_29_substitution"]),
    (
        "Eq:30",
        &[
            "proof_appendix_a::obligation_30_subdifferential",
            "proof_appendix_a::obligation_30_case_a_zero",
        ],
    ),
    ("Eq:31", &["proof_appendix_a::obligation_31_32_norm"]),
    ("Eq:32", &["proof_appendix_a::obligation_31_32_norm"]),
    ("Eq:33", &["proof_appendix_a::obligation_33_stationarity"]),
    (
        "Eq:34",
        &["proof_appendix_a::obligation_34_back_substitution"],
    ),
    (
        "Eq:35",
        &[
            "proof_appendix_b::obligation_b_base_case",
            "proof_appendix_b::obligation_b_35_z_step",
            "proof_appendix_b::obligation_b_35_x_step",
        ],
    ),
    (
        "Eq:42",
        &[
            "proof_appendix_d1::obligation_42_expand",
            "proof_appendix_d1::obligation_42_sos",
            "proof_appendix_d1::obligation_42_rearrange",
        ],
    ),
    (
        "Eq:43",
        &[
            "proof_appendix_d1::obligation_43_strict",
            "proof_appendix_d1::obligation_43_nu",
        ],
    ),
    (
        "Thm1",
        &[
            "proof_appendix_a::obligation_26_27_l1_reduction",
            "proof_appendix_a::obligation_29_substitution",
            "proof_appendix_a::obligation_31_34_group_minimiser",
            "proof_appendix_a::obligation_34_back_substitution",
        ],
    ),
    (
        "Thm2",
        &[
            "proof_appendix_b::obligation_b_base_case",
            "proof_appendix_b::obligation_b_35_z_step",
            "proof_appendix_b::obligation_b_35_x_step",
        ],
    ),
];

impl Claim {
    /// The claim's strength: the weakest of the obligations [`ROW_PROOFS`]
    /// lists for it (`sampled` if it is not listed), with the bounds of the
    /// proved-bounded ones (`d <= 3; T <= 5`).
    pub fn strength(&self) -> (Strength, Vec<&'static str>) {
        let Some((_, proofs)) = ROW_PROOFS.iter().find(|(id, _)| *id == self.id) else {
            return (Strength::Sampled, vec![]);
        };
        let mut weakest = Strength::Proved;
        let mut bounds: Vec<&'static str> = vec![];
        for c in proofs.iter() {
            let (st, b) = obligation_strength(c).unwrap_or((Strength::Sampled, None));
            weakest = weakest.min(st);
            if let Some(b) = b {
                if !bounds.contains(&b) {
                    bounds.push(b);
                }
            }
        }
        if weakest != Strength::ProvedBounded {
            bounds.clear();
        }
        (weakest, bounds)
    }

    /// `proved`, `proved-bounded (d <= 3)` or `sampled`.
    pub fn strength_label(&self) -> String {
        match self.strength() {
            (Strength::ProvedBounded, b) => format!("proved-bounded ({})", b.join("; ")),
            (st, _) => st.label().to_string(),
        }
    }
}

use ClaimStatus::*;

macro_rules! claim {
    ($id:expr, $st:expr, [$($m:expr),*], [$($c:expr),*], $status:expr, $note:expr) => {
        Claim { id: $id, statement: $st, implemented_in: &[$($m),*], checked_by: &[$($c),*], status: $status, note: $note }
    };
}

/// The table, in paper order. See the module doc.
pub static CLAIMS: &[Claim] = &[
    claim!("Eq:1", "adaptive update x_{t+1} = x_t - alpha_t m_t / sqrt(V_t)", ["sgl_oracle::plain"],
        ["theorem2::theorem2_open_loop_every_rule_every_form", "derivations::eq3_and_eq4_argmins_equal_the_eq1_step", "rules::adam_paper_v1_is_pytorch_adam"],
        Verified, "reference loop of every Table-1 rule"),
    claim!("Eq:2", "FTRL-Proximal update with l1", ["sgl_oracle::ftrl"],
        ["ftrl::group_adagrad_is_ftrl_under_the_documented_mapping", "ftrl::the_mapping_is_necessary"], Erratum,
        "E4: Alg. 3 = FTRL only under an unstated parameter mapping"),
    claim!("Eq:3", "Eq. (1) as arg min of m_t.x + ||V_t^{1/4}(x - x_t)||^2/(2 alpha_t)", ["sgl_oracle::plain"],
        ["derivations::eq3_and_eq4_argmins_equal_the_eq1_step"], Verified, "arg min by an independent LU solve equals the Eq. (1) step"),
    claim!("Eq:4", "Eq. (3) rewritten with m_{1:t} and sum_s Q_s/alpha_s = sqrt(V_t)/alpha_t", ["sgl_oracle::plain", "sgl_oracle::algorithm1"],
        ["derivations::eq3_and_eq4_argmins_equal_the_eq1_step", "derivations::eq4_fails_without_zero_initial_accumulator", "theorem2::theorem2_needs_zero_initial_accumulator_or_zero_x1"],
        Verified, "Eq. (4) defines Q_s by sum Q_s/alpha_s = sqrt(V_t)/alpha_t with V_0 = 0 (Alg. 1 line 1), so Q_1 = sqrt(V_1); the arg min (independent LU solve) equals the Eq. (1) step; R2: an initial accumulator V_0 > 0 leaves this definition"),
    claim!("Eq:5", "sparse group lasso penalty Psi_t", ["sgl_oracle::penalty"],
        ["eq6_solver::psi_matches_core_penalty", "proof_appendix_a::obligation_25_substitute_psi", "errata_audit::e19_eq5_monotone_a_t_fails_for_adam_and_table1_amsgrad"], NeedsPremise, "E19: Eq. (5) asks A_{t+1} >= A_t; Section 2.1's A_t meets it only if Q_t is PSD (false for Adam and Table-1 AMSGrad); the penalty value is checked against an independent sum"),
    claim!("Eq:6", "the regularised update as an arg min", ["sgl_oracle::eq6", "sgl_oracle::eq6::solver"],
        ["eq6_solver::thm1_corrected_three_witnesses", "eq6_solver::no_minimiser_dual_infeasible_and_typed_error", "eq6_cli::solve_example_file", "eq6_cli::solve_no_minimiser_and_bad_input"],
        Verified, "conic solver vs closed form vs KKT; no minimiser when the quadratic is not PSD"),
    claim!("Eq:7", "regret R_T", ["sgl_oracle::regret::bounds"], ["derivations::eq7_regret_is_the_supremum_over_fixed_points"], Verified,
        "R_T recomputed from the objective; no fixed point gives more"),
    claim!("Eq:8", "closed-form minimiser of (6) (Theorem 1)", ["sgl_oracle::eq6::closed_form"],
        ["eq6_solver::thm1_corrected_three_witnesses", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample", "eq6_solver::erratum_e1_printed_thm1_loses_to_solver_on_random_instances", "eq6_solver::thm1_printed_never_better_than_corrected", "eq6_s_vs_stilde::identical_when_lambda21_is_zero", "proof_appendix_a::obligation_34_back_substitution", "proof_appendix_a::obligation_26_27_l1_reduction", "proof_appendix_a::obligation_29_substitution", "proof_appendix_a::obligation_31_34_group_minimiser"],
        Erratum, "E1: the threshold norm is ||A^{-1/2} s||, not ||A^{-1} s||"),
    claim!("Eq:9", "s_{t,i} = soft-threshold of -z_{t,i} at lambda1", ["sgl_oracle::prox"],
        ["proof_appendix_a::obligation_26_27_l1_reduction", "sparsity::lambda21_zero_is_per_coordinate_soft_thresholding", "sparsity::ties_go_to_zero"],
        Verified, "soft threshold checked coordinate by coordinate against the lambda21 = 0 closed form and exactly at the tie |z_i| = lambda1 (zero)"),
    claim!("Eq:10", "s~_t = (sum_s Q_s/(2 alpha_s) + lambda2 I)^{-1} s_t", ["sgl_oracle::algorithm1"],
        ["proof_appendix_a::obligation_29_substitution", "eq6_s_vs_stilde::algorithm1_thresholds_agree_with_closed_forms_on_runs", "eq6_s_vs_stilde::identical_when_a_is_identity", "fixtures_discriminate::each_look_alike_variant_fails_some_cases"],
        Erratum, "E1: A^{-1/2} s (Threshold::STildeExact); printed A^{-1} s is Threshold::STildePrinted"),
    claim!("Eq:11", "x_1 = arg min ||x - c||^2/2", [], ["proof_appendix_c::obligation_c_40_last_line"], Verified,
        "used as x_1 = grad h_0^*(0)"),
    claim!("Eq:12", "condition <m_{t-1}, x_t - x*> >= 0", ["sgl_oracle::regret::premises"],
        ["proof_appendix_c::obligation_c_36_condition12", "regret_rules::rules_outside_premises_report", "regret_rules::momentum_counterexample_exact"], NeedsPremise,
        "E11: used with gamma >= 0, which Theorem 3 does not state (only gamma < 1); fails for Momentum on synthetic runs"),
    claim!("Eq:13", "m_t = gamma m_{t-1} + g_t", ["sgl_oracle::rules"],
        ["proof_appendix_c::obligation_c_36_momentum", "rules::momentum_is_pytorch_sgd_momentum", "fused_equivalence::fused_group_momentum_is_bit_identical"], Verified, "the moment recursion equals PyTorch SGD momentum and the fused kernel bit for bit"),
    claim!("Eq:14", "regret bound of Theorem 3", ["sgl_oracle::regret::bounds"],
        ["regret_thm3::e9a_thm3_eq14_fails_at_t1_exact", "regret_thm3::adagrad_exact_update_bounds", "regret_rules::rules_outside_premises_report", "regret_rules::momentum_counterexample_exact", "regret_rules::adam_small_counterexample_f64", "regret_rules::adam_counterexample_exact_eps0", "proof_appendix_c::obligation_c_40_monotone", "proof_appendix_c::obligation_c_40_base", "proof_appendix_c::obligation_c_36_condition12"],
        Erratum, "E9a: false at T = 1 with the printed h_0^* norm (exact counterexample); the corrected t = 1 term holds on every Adagrad run; also needs Q_t PSD and gamma >= 0 (E11)"),
    claim!("Eq:15", "V_t = eta V_{t-1} + diag(g_t^2)", ["sgl_oracle::rules"],
        ["proof_appendix_d1::obligation_42_expand", "rules::adagrad_forms", "rules::adam_paper_v1_is_pytorch_adam"], Verified, "V_t of Adagrad (eta = 1) and Adam (eta = beta2 up to scaling) matches the recursion; used expanded in (42)"),
    claim!("Eq:16", "Lemma 1: sum ||m_t||^2 < 2 alpha/(1-nu) sum_i ||M_{T,i}||", [],
        ["regret_lemmas::lemma1_case1_holds", "regret_lemmas::lemma1_case2_without_kappa_fails", "regret_thm3::adagrad_exact_update_bounds", "proof_appendix_d1::obligation_42_sos", "proof_appendix_d1::obligation_44_duchi", "proof_appendix_d1::obligation_45_kappa_sum"],
        NeedsPremise, "E9b/E12: needs gamma >= 0, eta >= 0; strict only if some m_{t,i} != 0; intermediate errata in (43)-(45)"),
    claim!("Eq:17", "dual-norm comparison for t > 1 (delta padding)", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::steps_17_18_need_delta_exact", "regret_lemma2::lemma2_without_delta_premise_fails"], Verified,
        "uses delta^2 >= g_t^2 and eta <= 1; checked term by term on runs and exactly; fails without the delta premise; prints alpha_t where Lemma 2's h*_{t-1} norm carries alpha_{t-1} (equal only because alpha_t = alpha); E17: these are not Theorem 3's norms"),
    claim!("Eq:18", "dual-norm comparison for t = 1", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::steps_17_18_need_delta_exact", "errata_audit::section3_eq18_holds_iff_g1_squared_at_most_delta_squared_plus_one"], Verified, "holds iff g_{1,i}^2 <= delta^2 + 1 (implied by delta >= |g_1|, not by delta >= |g_1| - 1); uses V_1 = diag(g_1^2) (V_0 = 0); E17: the h*_0 norm is not Theorem 3's ||.||_2"),
    claim!("Eq:19", "Lemma 2 bound", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::lemma2_case1_holds", "regret_lemma2::lemma2_case2_holds", "regret_lemma2::lemma2_without_kappa_fails", "regret_lemma2::lemma2_eta_below_gamma_search", "regret_lemma2::e9b_lemmas_need_gamma_nonnegative_exact", "regret_lemma2::e9b_negative_gamma_search"],
        NeedsPremise, "E9b/E12: (17) + (18) + Lemma 1, so Lemma 1's premises (gamma >= 0, eta >= 0); E17: its norms are not Theorem 3's"),
    claim!("Eq:20", "Corollary 1 regret bound O(sqrt T)", ["sgl_oracle::regret"],
        ["regret_thm3::adagrad_exact_update_bounds", "regret_growth::regret_growth_slopes_and_c_sqrt_t", "proof_appendix_d2::obligation_d2_20_combine", "proof_appendix_d2::obligation_d2_m_bound", "proof_appendix_d2::obligation_d2_47_h", "errata_audit::e17_theorem3_norms_are_not_bounded_by_lemma2"],
        Unproven, "E17: not a consequence of Theorem 3 + Lemma 2 (different norms; Theorem 3's own sum exceeds (19)'s RHS, exact counterexample); established: Theorem 3 with E9a's t = 1 term, in the sqrt(V_{t-1})/alpha norms, under Q_t PSD and gamma >= 0 (E11, E13); (20) holds on every Adagrad run checked (not a proof)"),
    claim!("Eq:21", "Corollary 2 regret bound", ["sgl_oracle::regret"], ["proof_appendix_d2::obligation_d2_47_h", "regret_rules::rules_outside_premises_report"], Unproven,
        "derived 'from Corollary 1', which is unproven (E17); E13: (47) needs Q_t PSD, not among Cor. 2's premises (counterexample eta = 0, T = 5), and nu is undefined in its statement"),
    claim!("Eq:22", "expansion of the quadratic and dropping constants", [],
        ["proof_appendix_a::obligation_22_expand_quadratic", "proof_appendix_a::obligation_22_drop_constant", "eq6_solver::eq23_reduction_holds_for_adam_like_history"], Verified, "expansion and constant dropping checked as exact polynomial identities"),
    claim!("Eq:23", "z_t = z_{t-1} + m_t - Q_t x_t/alpha_t", ["sgl_oracle::algorithm1"],
        ["proof_appendix_a::obligation_23_z_recursion", "eq6_solver::eq23_reduction_holds_for_adam_like_history"], Verified, "z recursion equals the definition z_{t-1} = m_{1:t-1} - sum Q_s x_s/alpha_s on an Adam-like history"),
    claim!("Eq:24", "reduced objective z_t.x + x^T(sum Q_s/(2 alpha_s))x + Psi_t", ["sgl_oracle::eq6"],
        ["proof_appendix_a::obligation_24_reduction", "eq6_solver::eq23_reduction_holds_for_adam_like_history"], Verified,
        "printed 'Q/(2 alpha)||x||^2' read as the diagonal quadratic form"),
    claim!("Eq:25", "Psi substituted: quadratic = ||A_t^{1/2} x||^2", [], ["proof_appendix_a::obligation_25_substitute_psi"], Verified, "the substituted quadratic equals (24)'s plus lambda2 ||x||^2, exact identity"),
    claim!("Eq:26", "per-coordinate objective Omega and the l1 case analysis", [],
        ["proof_appendix_a::obligation_26_27_l1_reduction", "proof_appendix_a::obligation_26_34_scalar_grid", "errata_audit::e14_appendix_a_eq26_separable_reading_is_not_eq25"], Erratum, "E14: (26)'s one-entry Phi turns the group norm of (25) into a weighted l1 (counterexample d = 4, A = I: (26) gives 0, (25) gives (1/8) 1); the case analysis is right entry by entry because the coupled Phi is even and increasing in |x_i|"),
    claim!("Eq:27", "group problem reduces to arg min -s.x + Phi(x)", [],
        ["proof_appendix_a::obligation_26_27_l1_reduction", "eq6_solver::thm1_corrected_three_witnesses", "errata_audit::e14_l1_reduction_holds_for_a_group_mixing_the_cases"], Verified,
        "exact certificate: difference is a sum of nonnegative terms vanishing at the minimiser; E14: holds also for groups mixing the cases b)/c)"),
    claim!("Eq:28", "y = (diag(sigma) + lambda2 I)^{1/2} x", [], ["proof_appendix_a::obligation_29_substitution"], Verified, "substitution checked as an exact identity"),
    claim!("Eq:29", "substituted problem in y with s~", [],
        ["proof_appendix_a::obligation_29_substitution", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample"], Erratum,
        "E1: -s.x = -(A^{-1/2}s).y, not -(A^{-1}s).y"),
    claim!("Eq:30", "optimality condition with xi in the subdifferential", [],
        ["proof_appendix_a::obligation_30_subdifferential", "proof_appendix_a::obligation_30_case_a_zero", "eq6_solver::erratum_e1b_box_subdifferential_admits_non_minimiser"], Erratum,
        "E1b: subdifferential of ||.||_2 at 0 printed as the box; it is the Euclidean ball (the box admits a non-minimiser)"),
    claim!("Eq:31", "stationarity for y != 0", [], ["proof_appendix_a::obligation_31_32_norm"], Verified, "stationarity and the norm equation checked as exact identities for y != 0"),
    claim!("Eq:32", "||y|| = (||s~|| - lambda21 sqrt d)/2", [], ["proof_appendix_a::obligation_31_32_norm"], Verified, "follows from (31) (exact identity); the 1/2 is right"),
    claim!("Eq:33", "y = (1 - lambda21 sqrt d/||s~||) s~/2", [],
        ["proof_appendix_a::obligation_33_stationarity", "eq6_solver::thm1_corrected_three_witnesses"], Verified, "y of (33) equals the solver's minimiser through (28) with the corrected s~ (E1)"),
    claim!("Eq:34", "back-substitution to x", ["sgl_oracle::eq6::closed_form"],
        ["proof_appendix_a::obligation_34_back_substitution", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample"], Erratum,
        "algebra holds with s~ = A^{-1/2}s; with the printed s~ the result is not the minimiser (E1)"),
    claim!("Eq:35", "Theorem 2 induction step", ["sgl_oracle::algorithm1", "sgl_oracle::plain"],
        ["proof_appendix_b::obligation_b_base_case", "proof_appendix_b::obligation_b_35_z_step", "proof_appendix_b::obligation_b_35_x_step", "theorem2::theorem2_open_loop_every_rule_every_form"],
        Erratum, "E10: last line prints alpha_T, alpha_{T+1} is right (typo)"),
    claim!("Eq:36", "regret <= sum <m_t, x_t> + Psi + h + sup(...)", [],
        ["proof_appendix_c::obligation_c_36_convexity", "proof_appendix_c::obligation_c_36_momentum", "proof_appendix_c::obligation_c_36_condition12", "proof_appendix_c::obligation_c_36_sup"],
        NeedsPremise, "E11: second inequality needs gamma >= 0"),
    claim!("Eq:37", "grad h_t^* is 1-Lipschitz in the dual norm", ["sgl_oracle::eq6::closed_form"], ["proof_appendix_c::obligation_c_37_lipschitz"], Verified,
        "cited from Nesterov (2005, Thm 1); checked exactly in 1-D (lambda21 = 0) and in f64 with groups via the corrected closed form; needs D = sum Q_s/alpha_s > 0 for the norm to exist (E11)"),
    claim!("Eq:38", "grad h_t^*(u) = arg min {-<u,x> + Psi_t + h_t}", [], ["proof_appendix_c::obligation_c_40_gradient_is_iterate"], Verified,
        "1-D, lambda21 = 0, exact"),
    claim!("Eq:39", "quadratic upper bound on h_t^*", [], ["proof_appendix_c::obligation_c_39_smoothness"], Verified,
        "1-D exact search, lambda21 = 0"),
    claim!("Eq:40", "telescoping bound on h_T^*(-m_{1:T})", [],
        ["proof_appendix_c::obligation_c_40_monotone", "proof_appendix_c::obligation_c_40_base", "proof_appendix_c::obligation_c_40_last_line"],
        NeedsPremise, "E11/E9a: needs Q_t PSD and h_1 + Psi_1 >= h_0; line 4 omits the t = 1 norm term (typo)"),
    claim!("Eq:41", "R_T <= Psi_T(x*) + h_T(x*) + sum ||m_t||^2/2", [], ["proof_appendix_c::obligation_c_41_combine"], Verified,
        "given (40)"),
    claim!("Eq:42", "sigma_t >= (1-gamma)(m_t^2 + (eta-gamma) sum eta^{t-s-1} m_s^2)", [],
        ["proof_appendix_d1::obligation_42_expand", "proof_appendix_d1::obligation_42_sos", "proof_appendix_d1::obligation_42_rearrange"],
        NeedsPremise, "E12: SOS certificate gamma (m_s - m_{s-1})^2 needs gamma >= 0 (and eta >= 0)"),
    claim!("Eq:43", "case eta = 1: sigma_t > (1-nu)^2 sum m_s^2", [],
        ["proof_appendix_d1::obligation_43_strict", "proof_appendix_d1::obligation_43_nu"], Erratum,
        "E12: strict '>' false at gamma = 0; '>=' holds"),
    claim!("Eq:44", "sum_t ||m_t||^2 < 2 alpha/(1-nu) sum_i ||M_{T,i}||", [],
        ["proof_appendix_d1::obligation_44_dual_norm", "proof_appendix_d1::obligation_44_first_step", "proof_appendix_d1::obligation_44_duchi"],
        Erratum, "E12: first strict '<' false (gamma = 0, eta = 1); final bound strict when M_{T,i} != 0"),
    claim!("Eq:45", "case eta < 1: sigma_t >= (1-nu)^2 sum m_s^2", [],
        ["proof_appendix_d1::obligation_45_kappa_sum", "proof_appendix_d1::obligation_45_sum_sigma", "proof_appendix_d1::obligation_45_geometric", "proof_appendix_d1::obligation_45_strict", "proof_appendix_d1::obligation_45_nu"],
        Erratum, "E12: first display has sigma_s for sigma_t (false as printed); strict '>' should be '>='"),
    claim!("Eq:46", "bound on Psi_T(x*)", [], ["proof_appendix_d2::obligation_d2_46_psi", "proof_appendix_d2::obligation_d2_sigma_bound"], Verified,
        "lambda21 term follows group by group (sum_g d_g = d); uses |sigma_t| <= t G^2, which needs eta >= 0"),
    claim!("Eq:47", "h_T(x*) <= d D2^2 G sqrt(T)/(2 alpha)", [], ["proof_appendix_d2::obligation_d2_47_h"], NeedsPremise,
        "E13: needs Q_t PSD (from Lemma 1's conditions; not from Cor. 2's)"),
    claim!("Eq:48", "sum ||m_t||^2/2 < d alpha G sqrt(T)/(1-nu)^2", [], ["proof_appendix_d2::obligation_d2_48", "proof_appendix_d2::obligation_d2_m_strict"],
        Verified, "E13: uses |m_t| <= G/(1-nu) (needs gamma >= 0; its strict '<' should be '<=')"),
    claim!("Thm1", "closed-form solution of (6)", ["sgl_oracle::eq6::closed_form", "sgl_oracle::algorithm1"],
        ["eq6_solver::thm1_corrected_three_witnesses", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample", "eq6_s_vs_stilde::alg1_step_never_better_than_exact_and_excess_distribution", "proof_appendix_a::obligation_29_substitution", "proof_appendix_a::obligation_26_27_l1_reduction", "proof_appendix_a::obligation_31_34_group_minimiser", "proof_appendix_a::obligation_34_back_substitution"],
        Erratum, "E1 (and E1b in the proof)"),
    claim!("Thm2", "Algorithm 1 without regularisers equals Eq. (1)", ["sgl_oracle::algorithm1", "sgl_oracle::plain"],
        ["theorem2::theorem2_open_loop_every_rule_every_form", "theorem2::theorem2_closed_loop_least_squares_and_logistic", "theorem2::theorem2_all_thresholds_agree_when_lambdas_vanish", "theorem2::theorem2_needs_zero_initial_accumulator_or_zero_x1", "proof_appendix_b::obligation_b_35_x_step", "proof_appendix_b::obligation_b_base_case", "proof_appendix_b::obligation_b_35_z_step"],
        Verified, "under V_0 = 0 (Alg. 1 line 1) and Eq. (4)'s Q_1 = sqrt(V_1), both stated: every rule and printed form, open and closed loop, worst relative error 1.3e-12 over 300 steps; R2: TensorFlow-style initial accumulators satisfy it only with x_1 = 0"),
    claim!("Thm3", "regret bound (14)", ["sgl_oracle::regret"],
        ["regret_thm3::e9a_thm3_eq14_fails_at_t1_exact", "regret_thm3::adagrad_exact_update_bounds", "regret_rules::rules_outside_premises_report", "regret_rules::momentum_counterexample_exact", "regret_rules::adam_small_counterexample_f64", "regret_rules::adam_counterexample_exact_eps0", "proof_appendix_c::obligation_c_40_monotone", "proof_appendix_c::obligation_c_40_base", "proof_appendix_c::obligation_c_36_condition12"],
        Erratum, "E9a (t = 1 term) and E11 (Q_t PSD, sqrt(V_1)/alpha_1 >= I, gamma >= 0)"),
    claim!("Lem1", "bound (16) on sum ||m_t||^2 in the (sqrt(V_t)/alpha)^{-1} norm", [],
        ["regret_lemmas::lemma1_case1_holds", "regret_lemmas::lemma1_case2_without_kappa_fails", "regret_rules::lemma1_case2_kappa_cannot_stay_below_one", "regret_lemma2::e9b_lemmas_need_gamma_nonnegative_exact", "proof_appendix_d1::obligation_42_sos", "proof_appendix_d1::obligation_43_strict", "proof_appendix_d1::obligation_45_kappa_sum"],
        NeedsPremise, "E9b/E12: gamma >= 0 (exact counterexample with gamma < 0), eta >= 0; case a) leaves kappa (hence nu) undefined"),
    claim!("Lem2", "bound (19) with the delta-padded norms", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::lemma2_case1_holds", "regret_lemma2::lemma2_case2_holds", "regret_lemma2::e9b_lemmas_need_gamma_nonnegative_exact"],
        NeedsPremise, "E9b: follows from (17), (18) and Lemma 1, so needs gamma >= 0 (exact counterexample with gamma < 0)"),
    claim!("Cor1", "O(sqrt T) regret (20)", ["sgl_oracle::regret"],
        ["regret_thm3::adagrad_exact_update_bounds", "regret_growth::regret_growth_slopes_and_c_sqrt_t", "proof_appendix_d2::obligation_d2_20_combine", "proof_appendix_d2::obligation_d2_m_bound", "errata_audit::e17_theorem3_norms_are_not_bounded_by_lemma2"], Unproven, "E17: does not follow from Theorem 3 + Lemma 2 as printed (norm mismatch, exact counterexample to the step); E13: also needs gamma >= 0; see Eq:20 for what is established"),
    claim!("Cor2", "O(sqrt T) regret (21) under t G^2 I >= V_t", ["sgl_oracle::regret"], ["proof_appendix_d2::obligation_d2_47_h", "regret_rules::rules_outside_premises_report"], Unproven,
        "derived from Corollary 1 (unproven, E17); E13: Q_t PSD missing from its premises, nu undefined"),
    claim!("Alg1", "generic adaptive optimizer with sparse group lasso", ["sgl_oracle::algorithm1"],
        ["theorem2::theorem2_closed_loop_least_squares_and_logistic", "sparsity::groups_below_threshold_are_exactly_zero_and_l1_zeroes_coordinates", "sparsity::constructed_group_tie_is_zeroed", "eq6_s_vs_stilde::algorithm1_thresholds_agree_with_closed_forms_on_runs", "eq6_s_vs_stilde::alg1_step_minimises_identity_metric_problem", "eq6_s_vs_stilde::alg1_zeroing_independent_of_alpha_and_lambda2_exact_is_not", "fused_equivalence::fused_group_adam_paper_v1_is_bit_identical", "fixtures_verify::every_committed_case_is_reverified"],
        Verified, "Threshold::S as printed; see Thm1/E1 for the exact minimiser"),
    claim!("Alg2", "Group Adam", ["sgl_oracle::printed"],
        ["printed_algorithms::algorithm2_v1_printed_is_algorithm1_with_adam_paper_v1", "printed_algorithms::erratum_e2_paper_v2_printed_breaks_theorem2", "printed_algorithms::paper_v2_cumulative_reading_collapses", "printed_algorithms::table1_adam_and_algorithm2_differ_once_lambda1_bites", "fixtures_discriminate::each_look_alike_variant_fails_some_cases"],
        Erratum, "E2: v2's epsilon handling breaks Theorem 2 (v1 as printed is Algorithm 1 with Adam); E15: v2's line 14 prints sqrt(d lambda21)"),
    claim!("Alg3", "Group Adagrad", ["sgl_oracle::printed"],
        ["printed_algorithms::algorithm3_printed_is_algorithm1_with_adagrad_alg3", "ftrl::group_adagrad_is_ftrl_under_the_documented_mapping", "fused_equivalence::fused_group_adagrad_is_bit_identical", "errata_audit::e15_v2_prints_lambda21_under_the_root"], Erratum,
        "E15: v2's line 11 prints sqrt(d lambda21) for sqrt(d) lambda21 (counterexample d = 4, lambda21 = 1/4); with Algorithm 1's threshold it is Algorithm 1 with Adagrad; equals FTRL only under E4's mapping"),
    claim!("Tab1:SGD", "SGD row (phi, psi, alpha_t = alpha/sqrt t)", ["sgl_oracle::rules"], ["rules::sgd_table1_schedule_is_alpha_over_sqrt_t", "fused_equivalence::fused_group_sgd_is_bit_identical"], Verified, "alpha_t = alpha/sqrt(t) schedule and the fused kernel checked bit for bit"),
    claim!("Tab1:Momentum", "Momentum row", ["sgl_oracle::rules"], ["rules::momentum_is_pytorch_sgd_momentum"], Verified, "equals PyTorch SGD with momentum (dampening 0)"),
    claim!("Tab1:Adagrad", "Adagrad row", ["sgl_oracle::rules"], ["rules::adagrad_forms", "ftrl::tensorflow_initial_accumulator_form_is_ftrl"], Verified,
        "R1: Table 1 has no eps; R2: TensorFlow's initial accumulator satisfies Theorem 2 only with x_1 = 0"),
    claim!("Tab1:Adam", "Adam row", ["sgl_oracle::rules"], ["rules::adam_paper_v1_is_pytorch_adam", "printed_algorithms::paper_v2_consistent_and_tfplus_and_table1_equal_tensorflow_adam"], Verified, "R1: deviations of real implementations"),
    claim!("Tab1:AMSGrad", "AMSGrad row", ["sgl_oracle::rules"], ["rules::amsgrad_pytorch_form_is_pytorch_amsgrad", "rules::amsgrad_optax_form_is_optax_amsgrad", "rules::amsgrad_forms_differ_pairwise", "fused_equivalence::fused_group_amsgrad_table1_is_bit_identical"], Verified, "R1: PyTorch and optax differ"),
    claim!("Tab1:AdaHessian", "AdaHessian row", ["sgl_oracle::rules"], ["rules::adahessian_uses_the_hessian_diagonal_not_the_gradient"], Verified, "uses the Hessian diagonal D_t, not g_t, in V_t"),
    claim!("Tab2:MLP", "Table 2, MLP block: Adam + magnitude pruning vs Group Adam", ["sgl_oracle::ctr::protocol"],
        ["ctr_paper_tables::e21_mlp_group_adam_column_is_table8_best_pruned_adam"], Erratum,
        "E21: the MLP block's headers are swapped (its GROUP ADAM column is Table 8's best pruned Adam)"),
    claim!("Tab2:DCN", "Table 2, DCN block: the Adam column is Table 8's best schedule", ["sgl_oracle::ctr::protocol"],
        ["ctr_paper_tables::e22_dcn_adam_cells_differ_from_table8_best"], Erratum,
        "E22: two DCN Adam cells are 1e-4 below Table 8's best schedule"),
];

/// Where a claim is printed: the versions and place, and a verbatim quote.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The claim id (`Claim::id`).
    pub id: &'static str,
    /// `v1 and v2, Section ..., Eq. (N)` or `v2, Appendix ...`: the versions
    /// whose text holds the quote, then the section and item.
    pub location: &'static str,
    /// A verbatim fragment of the paper's text at that place (the Markdown
    /// transcription's LaTeX); `tests/errata_sources.rs` finds it, up to
    /// whitespace, in every version the location names.
    pub printed: &'static str,
}

macro_rules! src {
    ($id:expr, $loc:expr, $printed:expr) => {
        Source {
            id: $id,
            location: $loc,
            printed: $printed,
        }
    };
}

/// The quoted source location of every row of [`CLAIMS`], in the same order.
pub static SOURCES: &[Source] = &[
    src!(
        "Eq:1",
        "v1 and v2, Section 1.1, Eq. (1)",
        r"x_{t+1} = x_t - \alpha_t m_t / \sqrt{V_t}"
    ),
    src!(
        "Eq:2",
        "v1 and v2, Section 1.2, Eq. (2)",
        r"x_{t+1} = \arg \min_x g_{1:t} \cdot x + \frac{1}{2} \sum_{s=1}^t \sigma_s \|x - x_s\|_2^2"
    ),
    src!(
        "Eq:3",
        "v1 and v2, Section 1.3, Eq. (3)",
        r"x_{t+1} = \arg \min_x m_t \cdot x + \frac{1}{2\alpha_t} \|\sqrt{V_t}^{\frac{1}{2}}(x -"
    ),
    src!(
        "Eq:4",
        "v1 and v2, Section 1.3, Eq. (4)",
        r"x_{t+1} = \arg \min_x m_{1:t} \cdot x + \sum_{s=1}^t \frac{1}{2\alpha_s}"
    ),
    src!(
        "Eq:5",
        "v1 and v2, Section 1.3, Eq. (5)",
        r"\Psi_t(x) = \sum_{g=1}^G \left(\lambda_1 \|x^g\|_1 + \lambda_{21} \sqrt{d_{x^g}}"
    ),
    src!(
        "Eq:6",
        "v1 and v2, Section 1.3, Eq. (6)",
        r"x_{t+1} = \arg \min_x m_{1:t} \cdot x + \sum_{s=1}^t \frac{1}{2\alpha_s}"
    ),
    src!(
        "Eq:7",
        "v1 and v2, Section 1.5, Eq. (7)",
        r"\mathcal{R}_T = \sum_{t=1}^T f_t(x_t) - \min_{x \in \mathcal{Q}} \sum_{t=1}^T f_t(x)"
    ),
    src!(
        "Eq:8",
        "v1 and v2, Section 2.1, Theorem 1, Eq. (8)",
        r"x_{t+1} = \left(\sum_{s=1}^t \frac{Q_s}{\alpha_s} + 2\lambda_2 \mathbb{I} \right)^{-1}"
    ),
    src!(
        "Eq:9",
        "v1 and v2, Section 2.1, Theorem 1, Eq. (9)",
        r"s_{t,i} = \begin{cases} 0 & \text{if } |z_{t,i}| \leq \lambda_1"
    ),
    src!(
        "Eq:10",
        "v1 and v2, Section 2.1, Theorem 1, Eq. (10)",
        r"\tilde{s}_t = \left(\sum_{s=1}^t \frac{Q_s}{2\alpha_s} + \lambda_2 \mathbb{I}"
    ),
    src!(
        "Eq:11",
        "v1 and v2, Section 3, Eq. (11)",
        r"x_1 = \arg \min_{x \in \mathcal{Q}} \frac{1}{2} \|x - c\|_2^2"
    ),
    src!(
        "Eq:12",
        "v1 and v2, Section 3, Eq. (12)",
        r"\langle m_{t-1}, x_t - x^* \rangle \geq 0, \quad t \in [T]"
    ),
    src!(
        "Eq:13",
        "v1 and v2, Section 3, Eq. (13)",
        r"m_t = \gamma m_{t-1} + g_t"
    ),
    src!(
        "Eq:14",
        "v1 and v2, Section 3, Eq. (14)",
        r"\mathcal{R}_T \leq \Psi_T(x^*) + \sum_{t=1}^T \frac{1}{2\alpha_t} \|Q_t^{\frac{1}{2}}(x^*"
    ),
    src!(
        "Eq:15",
        "v1 and v2, Section 3, Eq. (15)",
        r"V_t = \eta V_{t-1} + \text{diag}(g_t^2), \quad t \geq 1"
    ),
    src!(
        "Eq:16",
        "v1 and v2, Section 3, Eq. (16)",
        r"\sum_{t=1}^T \|m_t\|_{\left(\frac{\sqrt{V_t}}{\alpha_t}\right)^{-1}}^2 <"
    ),
    src!(
        "Eq:17",
        "v1 and v2, Section 3, Eq. (17)",
        r"\|m_t\|_{h_{t-1}^*}^2 &= \left\langle m_t, \alpha_t (\delta^2 \mathbb{I} +"
    ),
    src!(
        "Eq:18",
        "v1 and v2, Section 3, Eq. (18)",
        r"\|m_1\|_{h_0^*}^2 &= \left\langle m_1, \alpha_1 (\delta^2 \mathbb{I} +"
    ),
    src!(
        "Eq:19",
        "v1 and v2, Section 3, Eq. (19)",
        r"\sum_{t=1}^T \|m_t\|_{h_{t-1}^*}^2 < \frac{2\alpha}{1-\nu} \sum_{i=1}^d \|M_{T,i}\|_2"
    ),
    src!(
        "Eq:20",
        "v1 and v2, Section 3, Eq. (20)",
        r"\mathcal{R}_T < dD_1 \left(\lambda_1 + \lambda_{21} \left(\frac{\sqrt{T}G}{2\alpha} +"
    ),
    src!(
        "Eq:21",
        "v1 and v2, Section 3, Eq. (21)",
        r"\mathcal{R}_T < dD_1 \left(\lambda_1 + \lambda_{21} \left(\frac{\sqrt{T}G}{2\alpha} +"
    ),
    src!(
        "Eq:22",
        "v2, Appendix A, Eq. (22)",
        r"x_{t+1} &= \arg \min_x m_{1:t} \cdot x + \sum_{s=1}^t \frac{1}{2\alpha_s} (x - x_s)^T Q_s (x - x_s)"
    ),
    src!(
        "Eq:23",
        "v2, Appendix A, Eq. (23)",
        r"z_t = z_{t-1} + m_t - \frac{Q_t}{\alpha_t} x_t, \quad t \geq 1"
    ),
    src!(
        "Eq:24",
        "v2, Appendix A, Eq. (24)",
        r"x_{t+1} = \arg \min_x z_t \cdot x + \sum_{s=1}^t \frac{Q_s}{2\alpha_s} \|x\|_2^2 +"
    ),
    src!(
        "Eq:25",
        "v2, Appendix A, Eq. (25)",
        r"x_{t+1} &= \arg \min_x z_t \cdot x + \sum_{g=1}^G (\lambda_1 \|x^g\|_1"
    ),
    src!(
        "Eq:26",
        "v2, Appendix A, Eq. (26)",
        r"\Omega(x_{t+1,i}^g) = z_{t,i}^g x_{t+1,i}^g + \lambda_1 |x_{t+1,i}^g| + \Phi(x_{t+1,i}^g)"
    ),
    src!(
        "Eq:27",
        "v2, Appendix A, Eq. (27)",
        r"x_{t+1}^g = \arg \min_x -s_t^g \cdot x + \Phi(x)"
    ),
    src!(
        "Eq:28",
        "v2, Appendix A, Eq. (28)",
        r"y = (\text{diag}(\sigma_t^g) + \lambda_2 \mathbb{I})^{\frac{1}{2}} x"
    ),
    src!(
        "Eq:29",
        "v2, Appendix A, Eq. (29)",
        r"y_{t+1}^g = \arg \min_y -\tilde{s}_t^g \cdot y + \lambda_{21} \sqrt{d_{x^g}} \|y\|_2 +"
    ),
    src!(
        "Eq:30",
        "v2, Appendix A, Eq. (30)",
        r"-\tilde{s}_t^g + \lambda_{21} \sqrt{d_{x^g}} \xi + 2y_{t+1}^g = 0"
    ),
    src!(
        "Eq:31",
        "v2, Appendix A, Eq. (31)",
        r"-\tilde{s}_t^g + \frac{\lambda_{21} \sqrt{d_{x^g}}}{\|y_{t+1}^g\|_2} y_{t+1}^g +"
    ),
    src!(
        "Eq:32",
        "v2, Appendix A, Eq. (32)",
        r"\|y_{t+1}^g\|_2 = \frac{1}{2}(\|\tilde{s}_t^g\|_2 - \lambda_{21}\sqrt{d_{x^g}})"
    ),
    src!(
        "Eq:33",
        "v2, Appendix A, Eq. (33)",
        r"y_{t+1}^g = \frac{1}{2}\left(1 -"
    ),
    src!(
        "Eq:34",
        "v2, Appendix A, Eq. (34)",
        r"x_{t+1}^g &= (\text{diag}(\sigma_t^g) + \lambda_2\mathbb{I})^{-\frac{1}{2}}y_{t+1}^g"
    ),
    src!(
        "Eq:35",
        "v2, Appendix B, Eq. (35)",
        r"z_T &= m_T - \frac{\sqrt{V_T}}{\alpha_T}x_T, \\ x_{T+1} &= x_T -"
    ),
    src!(
        "Eq:36",
        "v2, Appendix C, Eq. (36)",
        r"\mathcal{R}_T &= \sum_{t=1}^T (f_t(x_t) - f_t(x^*)) \leq \sum_{t=1}^T \langle g_t, x_t - x^* \rangle"
    ),
    src!(
        "Eq:37",
        "v2, Appendix C, Eq. (37)",
        r"\|\nabla h_t^*(u_1) - \nabla h_t^*(u_2)\|_{h_t} \leq \|u_1 - u_2\|_{h_t^*}"
    ),
    src!(
        "Eq:38",
        "v2, Appendix C, Eq. (38)",
        r"\nabla h_t^*(u) = \arg \min_{x \in \mathcal{Q}} \{-\langle u, x \rangle + \Psi_t(x) +"
    ),
    src!(
        "Eq:39",
        "v2, Appendix C, Eq. (39)",
        r"h_t^*(u + \delta) \leq h_t^*(u) + \langle \nabla h_t^*(u), \delta \rangle + \frac{1}{2}"
    ),
    src!(
        "Eq:40",
        "v2, Appendix C, Eq. (40)",
        r"h_T^*(-m_{1:T}) &\leq h_{T-1}^*(-m_{1:T}) \\ &\leq h_{T-1}^*(-m_{1:T-1}) - \langle \nabla"
    ),
    src!(
        "Eq:41",
        "v2, Appendix C, Eq. (41)",
        r"\mathcal{R}_T &\leq \sum_{t=1}^T \langle m_t, x_t \rangle + \Psi_T(x^*) + h_T(x^*) +"
    ),
    src!(
        "Eq:42",
        "v2, Appendix D.1, Eq. (42)",
        r"\sigma_{t,i} &= g_{t,i}^2 + \eta\sigma_{t-1,i}"
    ),
    src!(
        "Eq:43",
        "v2, Appendix D.1, Eq. (43)",
        r"\sigma_{t,i} &\geq (1-\gamma) (m_{t,i}^2 + (1-\gamma) \sum_{s=1}^{t-1} m_{s,i}^2)"
    ),
    src!(
        "Eq:44",
        "v2, Appendix D.1, Eq. (44)",
        r"\sum_{t=1}^T \|m_t\|_{(\frac{\sqrt{V_t}}{\alpha t})^{-1}}^2 &= \alpha \sum_{t=1}^T \sum_{i=1}^d"
    ),
    src!(
        "Eq:45",
        "v2, Appendix D.1, Eq. (45)",
        r"\sigma_{t,i} &\geq \frac{1-\kappa}{1-\kappa^t}(1-\gamma)\sum_{s=1}^t m_{s,i}^2"
    ),
    src!(
        "Eq:46",
        "v2, Appendix D.2, Eq. (46)",
        r"\Psi_T(x^*) \leq \lambda_1 dD_1 + \lambda_{21} dD_1 \left(\frac{\sqrt{T}G}{2\alpha} +"
    ),
    src!(
        "Eq:47",
        "v2, Appendix D.2, Eq. (47)",
        r"h_T(x^*) \leq \frac{dD_2^2 G}{2\alpha} \sqrt{T}"
    ),
    src!(
        "Eq:48",
        "v2, Appendix D.2, Eq. (48)",
        r"\frac{1}{2} \sum_{t=1}^T \|m_t\|_{h_{t-1}^*}^2 < \frac{\alpha}{1-\nu} \sum_{i=1}^d"
    ),
    src!(
        "Thm1",
        "v1 and v2, Section 2.1, Theorem 1",
        r"the optimal solution of Eq. (6) is updated accordingly as follows"
    ),
    src!(
        "Thm2",
        "v1 and v2, Section 2.1, Theorem 2",
        r"If regularization terms of Algorithm 1 vanish, Algorithm 1 is equivalent to Eq. (1)."
    ),
    src!(
        "Thm3",
        "v1 and v2, Section 3, Theorem 3",
        r"Let the sequence $\{x_t\}$ be defined by the update (6) and"
    ),
    src!(
        "Lem1",
        "v1 and v2, Section 3, Lemma 1",
        r"Suppose V_t is the weighted average of the square of the gradient which is defined by (15)"
    ),
    src!(
        "Lem2",
        "v1 and v2, Section 3, Lemma 2",
        r"Suppose $V_t, m_t, \alpha_t, \nu, d$ are defined the same as Lemma 1"
    ),
    src!(
        "Cor1",
        "v1 and v2, Section 3, Corollary 1",
        r"Suppose $V_t, m_t, \alpha_t, h_t^*, \nu, d$ are defined the same as Lemma 2"
    ),
    src!(
        "Cor2",
        "v1 and v2, Section 3, Corollary 2",
        r"Suppose m_t is defined as (13), $\alpha_t = \alpha$ and satisfies the condition (19)."
    ),
    src!(
        "Alg1",
        "v1 and v2, Section 2.1, Algorithm 1 line 5",
        r"$\frac{Q_t}{\alpha_t} = \frac{\sqrt{V_t}}{\alpha_t} - \frac{\sqrt{V_{t-1}}}{\alpha_{t-1}}$"
    ),
    src!(
        "Alg2",
        "v1 and v2, Section 2.2, Algorithm 2 line 4",
        r"$\hat{m}_t \leftarrow \beta_1 \hat{m}_{t-1} + (1 - \beta_1)g_t$"
    ),
    src!(
        "Alg3",
        "v1 and v2, Section 2.2, Algorithm 3 line 5",
        r"$V_t = \begin{cases} V_{t-1} + \text{diag}(g_t^2) + \epsilon \mathbb{I} & t = 1"
    ),
    src!(
        "Tab1:SGD",
        "v1 and v2, Section 1.1, Table 1, row SGD",
        r"$\frac{\alpha}{\sqrt{t}}$"
    ),
    src!(
        "Tab1:Momentum",
        "v1 and v2, Section 1.1, Table 1, row Momentum",
        r"$\gamma m_{t-1} + g_t$"
    ),
    src!(
        "Tab1:Adagrad",
        "v1 and v2, Section 1.1, Table 1, row Adagrad",
        r"$\text{diag}(\sum_{i=1}^t g_i^2) / t$"
    ),
    src!(
        "Tab1:Adam",
        "v1 and v2, Section 1.1, Table 1, row Adam",
        r"$\beta_2 V_{t-1} + (1 - \beta_2) \text{diag}(g_t^2)$"
    ),
    src!(
        "Tab1:AMSGrad",
        "v1 and v2, Section 1.1, Table 1, row AMSGrad",
        r"$\max(V_{t-1}, \beta_2 V_{t-1} + (1 - \beta_2) \text{diag}(g_t^2))$"
    ),
    src!(
        "Tab1:AdaHessian",
        "v1 and v2, Section 1.1, Table 1, row AdaHessian",
        r"$\beta_2 V_{t-1} + (1 - \beta_2) D_t^2$"
    ),
    src!(
        "Tab2:MLP",
        "v1 and v2, Section 4.2, Table 2 caption",
        r"Table 2. AUC for the two optimizers and sparsity (feature rate) in parentheses."
    ),
    src!(
        "Tab2:DCN",
        "v2, Section 4.2, Table 2, DCN block, row 1e-4",
        r"0.8018 (0.518)	0.8022 (0.518)	0.105"
    ),
];

/// The quoted source location of claim `id`.
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}

/// Every paper item that must have a row: Eqs. 1-48, Thm1-3, Lem1-2,
/// Cor1-2, Alg1-3.
pub fn required_ids() -> Vec<String> {
    let mut v: Vec<String> = (1..=48).map(|k| format!("Eq:{k}")).collect();
    for s in [
        "Thm1", "Thm2", "Thm3", "Lem1", "Lem2", "Cor1", "Cor2", "Alg1", "Alg2", "Alg3",
    ] {
        v.push(s.to_string());
    }
    v
}
