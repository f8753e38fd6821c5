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

use crate::{Result, SglError};
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
            ClaimStatus::NotCheckedYet => "not-checked-yet",
        }
    }
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
        NeedsPremise, "E5: needs V_0 = 0 (sigma_0 = 0); with an initial accumulator the arg min is not the Eq. (1) step"),
    claim!("Eq:5", "sparse group lasso penalty Psi_t", ["sgl_oracle::penalty"],
        ["eq6_solver::psi_matches_core_penalty", "proof_appendix_a::obligation_25_substitute_psi"], Verified, ""),
    claim!("Eq:6", "the regularised update as an arg min", ["sgl_oracle::eq6", "sgl_oracle::eq6::solver"],
        ["eq6_solver::thm1_corrected_three_witnesses", "eq6_solver::no_minimiser_dual_infeasible_and_typed_error", "eq6_cli::solve_example_file", "eq6_cli::solve_no_minimiser_and_bad_input"],
        Verified, "conic solver vs closed form vs KKT; no minimiser when the quadratic is not PSD"),
    claim!("Eq:7", "regret R_T", ["sgl_oracle::regret::bounds"], ["derivations::eq7_regret_is_the_supremum_over_fixed_points"], Verified,
        "R_T recomputed from the objective; no fixed point gives more"),
    claim!("Eq:8", "closed-form minimiser of (6) (Theorem 1)", ["sgl_oracle::eq6::closed_form"],
        ["eq6_solver::thm1_corrected_three_witnesses", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample", "eq6_solver::erratum_e1_printed_thm1_loses_to_solver_on_random_instances", "eq6_solver::thm1_printed_never_better_than_corrected", "eq6_s_vs_stilde::identical_when_lambda21_is_zero", "proof_appendix_a::obligation_34_back_substitution"],
        Erratum, "E1: the threshold norm is ||A^{-1/2} s||, not ||A^{-1} s||"),
    claim!("Eq:9", "s_{t,i} = soft-threshold of -z_{t,i} at lambda1", ["sgl_oracle::prox"],
        ["proof_appendix_a::obligation_26_27_l1_reduction", "sparsity::lambda21_zero_is_per_coordinate_soft_thresholding", "sparsity::ties_go_to_zero"],
        Verified, ""),
    claim!("Eq:10", "s~_t = (sum_s Q_s/(2 alpha_s) + lambda2 I)^{-1} s_t", ["sgl_oracle::algorithm1"],
        ["proof_appendix_a::obligation_29_substitution", "eq6_s_vs_stilde::algorithm1_thresholds_agree_with_closed_forms_on_runs", "eq6_s_vs_stilde::identical_when_a_is_identity", "fixtures_discriminate::each_look_alike_variant_fails_some_cases"],
        Erratum, "E1: A^{-1/2} s (Threshold::STildeExact); printed A^{-1} s is Threshold::STildePrinted"),
    claim!("Eq:11", "x_1 = arg min ||x - c||^2/2", [], ["proof_appendix_c::obligation_c_40_last_line"], Verified,
        "used as x_1 = grad h_0^*(0)"),
    claim!("Eq:12", "condition <m_{t-1}, x_t - x*> >= 0", ["sgl_oracle::regret::premises"],
        ["proof_appendix_c::obligation_c_36_condition12", "regret_rules::rules_outside_premises_report", "regret_rules::momentum_counterexample_exact"], NeedsPremise,
        "E11: used with gamma >= 0, which Theorem 3 does not state (only gamma < 1); fails for Momentum on synthetic runs"),
    claim!("Eq:13", "m_t = gamma m_{t-1} + g_t", ["sgl_oracle::rules"],
        ["proof_appendix_c::obligation_c_36_momentum", "rules::momentum_is_pytorch_sgd_momentum", "fused_equivalence::fused_group_momentum_is_bit_identical"], Verified, ""),
    claim!("Eq:14", "regret bound of Theorem 3", ["sgl_oracle::regret::bounds"],
        ["regret_thm3::e9a_thm3_eq14_fails_at_t1_exact", "regret_thm3::adagrad_exact_update_bounds", "regret_rules::rules_outside_premises_report", "regret_rules::momentum_counterexample_exact", "regret_rules::adam_small_counterexample_f64", "regret_rules::adam_counterexample_exact_eps0", "proof_appendix_c::obligation_c_40_monotone", "proof_appendix_c::obligation_c_40_base", "proof_appendix_c::obligation_c_36_condition12"],
        Erratum, "E9a: false at T = 1 with the printed h_0^* norm (exact counterexample); the corrected t = 1 term holds on every Adagrad run; also needs Q_t PSD and gamma >= 0 (E11)"),
    claim!("Eq:15", "V_t = eta V_{t-1} + diag(g_t^2)", ["sgl_oracle::rules"],
        ["proof_appendix_d1::obligation_42_expand", "rules::adagrad_forms", "rules::adam_paper_v1_is_pytorch_adam"], Verified, ""),
    claim!("Eq:16", "Lemma 1: sum ||m_t||^2 < 2 alpha/(1-nu) sum_i ||M_{T,i}||", [],
        ["regret_lemmas::lemma1_case1_holds", "regret_lemmas::lemma1_case2_without_kappa_fails", "regret_thm3::adagrad_exact_update_bounds", "proof_appendix_d1::obligation_42_sos", "proof_appendix_d1::obligation_44_duchi", "proof_appendix_d1::obligation_45_kappa_sum"],
        NeedsPremise, "E9b/E12: needs gamma >= 0, eta >= 0; strict only if some m_{t,i} != 0; intermediate errata in (43)-(45)"),
    claim!("Eq:17", "dual-norm comparison for t > 1 (delta padding)", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::steps_17_18_need_delta_exact", "regret_lemma2::lemma2_without_delta_premise_fails"], Verified,
        "uses delta^2 >= g_t^2 and eta <= 1; checked term by term on runs and exactly; fails without the delta premise"),
    claim!("Eq:18", "dual-norm comparison for t = 1", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::steps_17_18_need_delta_exact"], Verified, "uses V_1 = diag(g_1^2) (V_0 = 0) and |g_1| <= sqrt(delta^2 + 1)"),
    claim!("Eq:19", "Lemma 2 bound", ["sgl_oracle::regret::bounds"],
        ["derivations::lemma2_eq17_eq18_eq19_on_recorded_runs", "regret_lemma2::lemma2_case1_holds", "regret_lemma2::lemma2_case2_holds", "regret_lemma2::lemma2_without_kappa_fails", "regret_lemma2::lemma2_eta_below_gamma_search", "regret_lemma2::e9b_lemmas_need_gamma_nonnegative_exact", "regret_lemma2::e9b_negative_gamma_search"],
        NeedsPremise, "E9b/E12: (17) + (18) + Lemma 1, so Lemma 1's premises (gamma >= 0, eta >= 0)"),
    claim!("Eq:20", "Corollary 1 regret bound O(sqrt T)", ["sgl_oracle::regret"],
        ["regret_thm3::adagrad_exact_update_bounds", "regret_growth::regret_growth_slopes_and_c_sqrt_t", "proof_appendix_d2::obligation_d2_20_combine", "proof_appendix_d2::obligation_d2_m_bound", "proof_appendix_d2::obligation_d2_47_h"],
        NeedsPremise, "E13: needs gamma >= 0 (|m_t| bound) besides Theorem 3's premises; holds on every Adagrad run checked"),
    claim!("Eq:21", "Corollary 2 regret bound", ["sgl_oracle::regret"], ["proof_appendix_d2::obligation_d2_47_h", "regret_rules::rules_outside_premises_report"], NeedsPremise,
        "E13: (47) needs Q_t PSD, not implied by Cor. 2's premises (counterexample eta = 0, T = 5; Adam runs give Q_t < 0)"),
    claim!("Eq:22", "expansion of the quadratic and dropping constants", [],
        ["proof_appendix_a::obligation_22_expand_quadratic", "proof_appendix_a::obligation_22_drop_constant", "eq6_solver::eq23_reduction_holds_for_adam_like_history"], Verified, ""),
    claim!("Eq:23", "z_t = z_{t-1} + m_t - Q_t x_t/alpha_t", ["sgl_oracle::algorithm1"],
        ["proof_appendix_a::obligation_23_z_recursion", "eq6_solver::eq23_reduction_holds_for_adam_like_history"], Verified, ""),
    claim!("Eq:24", "reduced objective z_t.x + x^T(sum Q_s/(2 alpha_s))x + Psi_t", ["sgl_oracle::eq6"],
        ["proof_appendix_a::obligation_24_reduction", "eq6_solver::eq23_reduction_holds_for_adam_like_history"], Verified,
        "printed 'Q/(2 alpha)||x||^2' read as the diagonal quadratic form"),
    claim!("Eq:25", "Psi substituted: quadratic = ||A_t^{1/2} x||^2", [], ["proof_appendix_a::obligation_25_substitute_psi"], Verified, ""),
    claim!("Eq:26", "per-coordinate objective Omega and the l1 case analysis", [],
        ["proof_appendix_a::obligation_26_27_l1_reduction", "proof_appendix_a::obligation_26_34_scalar_grid"], Verified, ""),
    claim!("Eq:27", "group problem reduces to arg min -s.x + Phi(x)", [],
        ["proof_appendix_a::obligation_26_27_l1_reduction", "eq6_solver::thm1_corrected_three_witnesses"], Verified,
        "exact certificate: difference is a sum of nonnegative terms vanishing at the minimiser"),
    claim!("Eq:28", "y = (diag(sigma) + lambda2 I)^{1/2} x", [], ["proof_appendix_a::obligation_29_substitution"], Verified, ""),
    claim!("Eq:29", "substituted problem in y with s~", [],
        ["proof_appendix_a::obligation_29_substitution", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample"], Erratum,
        "E1: -s.x = -(A^{-1/2}s).y, not -(A^{-1}s).y"),
    claim!("Eq:30", "optimality condition with xi in the subdifferential", [],
        ["proof_appendix_a::obligation_30_subdifferential", "proof_appendix_a::obligation_30_case_a_zero", "eq6_solver::erratum_e1b_box_subdifferential_admits_non_minimiser"], Erratum,
        "E1b: subdifferential of ||.||_2 at 0 printed as the box; it is the Euclidean ball (the box admits a non-minimiser)"),
    claim!("Eq:31", "stationarity for y != 0", [], ["proof_appendix_a::obligation_31_32_norm"], Verified, ""),
    claim!("Eq:32", "||y|| = (||s~|| - lambda21 sqrt d)/2", [], ["proof_appendix_a::obligation_31_32_norm"], Verified, ""),
    claim!("Eq:33", "y = (1 - lambda21 sqrt d/||s~||) s~/2", [],
        ["proof_appendix_a::obligation_33_stationarity", "eq6_solver::thm1_corrected_three_witnesses"], Verified, ""),
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
        ["eq6_solver::thm1_corrected_three_witnesses", "eq6_solver::erratum_e1_printed_thm1_minimal_counterexample", "eq6_s_vs_stilde::alg1_step_never_better_than_exact_and_excess_distribution", "proof_appendix_a::obligation_29_substitution"],
        Erratum, "E1 (and E1b in the proof)"),
    claim!("Thm2", "Algorithm 1 without regularisers equals Eq. (1)", ["sgl_oracle::algorithm1", "sgl_oracle::plain"],
        ["theorem2::theorem2_open_loop_every_rule_every_form", "theorem2::theorem2_closed_loop_least_squares_and_logistic", "theorem2::theorem2_all_thresholds_agree_when_lambdas_vanish", "theorem2::theorem2_needs_zero_initial_accumulator_or_zero_x1", "proof_appendix_b::obligation_b_35_x_step"],
        NeedsPremise, "E5: V_0 = 0 (or x_1 = 0) and sqrt(V_t) invertible"),
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
        ["regret_thm3::adagrad_exact_update_bounds", "regret_growth::regret_growth_slopes_and_c_sqrt_t", "proof_appendix_d2::obligation_d2_20_combine", "proof_appendix_d2::obligation_d2_m_bound"], NeedsPremise, "E13: gamma >= 0"),
    claim!("Cor2", "O(sqrt T) regret (21) under t G^2 I >= V_t", ["sgl_oracle::regret"], ["proof_appendix_d2::obligation_d2_47_h", "regret_rules::rules_outside_premises_report"], NeedsPremise,
        "E13: Q_t PSD missing from its premises"),
    claim!("Alg1", "generic adaptive optimizer with sparse group lasso", ["sgl_oracle::algorithm1"],
        ["theorem2::theorem2_closed_loop_least_squares_and_logistic", "sparsity::groups_below_threshold_are_exactly_zero_and_l1_zeroes_coordinates", "sparsity::constructed_group_tie_is_zeroed", "eq6_s_vs_stilde::algorithm1_thresholds_agree_with_closed_forms_on_runs", "eq6_s_vs_stilde::alg1_step_minimises_identity_metric_problem", "eq6_s_vs_stilde::alg1_zeroing_independent_of_alpha_and_lambda2_exact_is_not", "fused_equivalence::fused_group_adam_paper_v1_is_bit_identical", "fixtures_verify::every_committed_case_is_reverified"],
        Verified, "Threshold::S as printed; see Thm1/E1 for the exact minimiser"),
    claim!("Alg2", "Group Adam", ["sgl_oracle::printed"],
        ["printed_algorithms::algorithm2_v1_printed_is_algorithm1_with_adam_paper_v1", "printed_algorithms::erratum_e2_paper_v2_printed_breaks_theorem2", "printed_algorithms::paper_v2_cumulative_reading_collapses", "printed_algorithms::table1_adam_and_algorithm2_differ_once_lambda1_bites", "fixtures_discriminate::each_look_alike_variant_fails_some_cases"],
        Erratum, "E2: v2's epsilon handling breaks Theorem 2 (v1 as printed is Algorithm 1 with Adam)"),
    claim!("Alg3", "Group Adagrad", ["sgl_oracle::printed"],
        ["printed_algorithms::algorithm3_printed_is_algorithm1_with_adagrad_alg3", "ftrl::group_adagrad_is_ftrl_under_the_documented_mapping", "fused_equivalence::fused_group_adagrad_is_bit_identical"], Verified,
        "equals FTRL only under E4's mapping"),
    claim!("Tab1:SGD", "SGD row (phi, psi, alpha_t = alpha/sqrt t)", ["sgl_oracle::rules"], ["rules::sgd_table1_schedule_is_alpha_over_sqrt_t", "fused_equivalence::fused_group_sgd_is_bit_identical"], Verified, ""),
    claim!("Tab1:Momentum", "Momentum row", ["sgl_oracle::rules"], ["rules::momentum_is_pytorch_sgd_momentum"], Verified, ""),
    claim!("Tab1:Adagrad", "Adagrad row", ["sgl_oracle::rules"], ["rules::adagrad_forms", "ftrl::tensorflow_initial_accumulator_form_is_ftrl"], Verified,
        "R1: TensorFlow's initial accumulator is a deviation (breaks Thm2, E5)"),
    claim!("Tab1:Adam", "Adam row", ["sgl_oracle::rules"], ["rules::adam_paper_v1_is_pytorch_adam", "printed_algorithms::paper_v2_consistent_and_tfplus_and_table1_equal_tensorflow_adam"], Verified, "R1: deviations of real implementations"),
    claim!("Tab1:AMSGrad", "AMSGrad row", ["sgl_oracle::rules"], ["rules::amsgrad_pytorch_form_is_pytorch_amsgrad", "rules::amsgrad_optax_form_is_optax_amsgrad", "rules::amsgrad_forms_differ_pairwise", "fused_equivalence::fused_group_amsgrad_table1_is_bit_identical"], Verified, "R1: PyTorch and optax differ"),
    claim!("Tab1:AdaHessian", "AdaHessian row", ["sgl_oracle::rules"], ["rules::adahessian_uses_the_hessian_diagonal_not_the_gradient"], Verified, ""),
];

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

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The table as markdown (what `sgl claims` prints and `docs/claims.md` holds).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Claims table\n\nGenerated by `sgl claims > docs/claims.md`; checked by `tests/claims_table.rs`.\n\
         Status: verified / erratum / needs-premise / false / not-checked-yet.\n\n\
         | id | statement | implemented in | checked by | status | note |\n|---|---|---|---|---|---|\n",
    );
    for c in CLAIMS {
        let list = |v: &[&str]| {
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        out += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            c.id,
            cell(c.statement),
            list(c.implemented_in),
            list(c.checked_by),
            c.status.label(),
            cell(c.note)
        );
    }
    let count = |s: ClaimStatus| CLAIMS.iter().filter(|c| c.status == s).count();
    out += &format!(
        "\n{} rows: {} verified, {} erratum, {} needs-premise, {} false, {} not-checked-yet.",
        CLAIMS.len(),
        count(Verified),
        count(Erratum),
        count(NeedsPremise),
        count(False),
        count(NotCheckedYet)
    );
    out
}

/// The table as JSON (`sgl claims --format json`).
pub fn json() -> Result<String> {
    serde_json::to_string_pretty(CLAIMS).map_err(|e| SglError::InvalidInput(e.to_string()))
}
