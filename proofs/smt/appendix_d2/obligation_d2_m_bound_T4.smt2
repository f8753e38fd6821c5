; appendix_d2/obligation_d2_m_bound_T4.smt2
; step: v2 App. D.2: |m_{t,i}| = |sum_s gamma^{t-s} g_{s,i}| <= (1-gamma^t)/(1-gamma) G (with the premise gamma >= 0)
; query: T = 4, 0 <= gamma < 1, |g_s| <= G and |m_T| > (1-gamma^T)/(1-gamma) G
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_d2/obligation_d2_m_bound_T4.smt2
(declare-const g1 Real)
(declare-const g2 Real)
(declare-const g3 Real)
(declare-const g4 Real)
(declare-const gamma Real)
(declare-const G Real)
(declare-const B Real)
(assert (>= gamma 0.0))
(assert (< gamma 1.0))
(assert (<= (abs g1) G))
(assert (<= (abs g2) G))
(assert (<= (abs g3) G))
(assert (<= (abs g4) G))
(assert (= (* B (- 1.0 gamma)) (* (- 1.0 (* gamma gamma gamma gamma)) G)))
(assert (> (abs (+ (* gamma gamma gamma g1) (* gamma gamma g2) (* gamma g3) g4)) B))
(check-sat)
