; appendix_d2/obligation_d2_sigma_bound_T3.smt2
; step: v2 App. D.2: |sigma_{t,i}| = |sum_s eta^{t-s} g_{s,i}^2| <= t G^2 (with the premise 0 <= eta <= 1)
; query: T = 3, 0 <= eta <= 1, |g_s| <= G and |sigma_T| > T G^2
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_d2/obligation_d2_sigma_bound_T3.smt2
(declare-const g1 Real)
(declare-const g2 Real)
(declare-const g3 Real)
(declare-const eta Real)
(declare-const G Real)
(assert (>= eta 0.0))
(assert (<= eta 1.0))
(assert (<= (abs g1) G))
(assert (<= (abs g2) G))
(assert (<= (abs g3) G))
(assert (> (abs (+ (* eta eta g1 g1) (* eta g2 g2) (* g3 g3))) (* 3.0 G G)))
(check-sat)
