; appendix_a/obligation_33_residual_d2.smt2
; step: v2 App. A (33): y = 1/2 (1 - lambda21 sqrt(d)/||s~||) s~ satisfies (31) when ||s~|| > lambda21 sqrt(d)
; query: given 2 ||y|| = r - c: y = 0, or the residual of (31) times ||y|| is non-zero
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_33_residual_d2.smt2
(declare-const w1 Real)
(declare-const w2 Real)
(declare-const r Real)
(declare-const c Real)
(assert (>= c 0.0))
(assert (>= r 0.0))
(assert (= (* r r) (+ (* w1 w1) (* w2 w2))))
(declare-const y1 Real)
(declare-const y2 Real)
(declare-const ny Real)
(assert (> r c))
(assert (= (* y1 2.0 r) (* (- r c) w1)))
(assert (= (* y2 2.0 r) (* (- r c) w2)))
(assert (>= ny 0.0))
(assert (= (* ny ny) (+ (* y1 y1) (* y2 y2))))
; lemma (a), proved by obligation_33_norm_d*.smt2
(assert (= (* 2.0 ny) (- r c)))
(assert (or (<= ny 0.0) (distinct (+ (- (* w1 ny)) (* c y1) (* 2.0 y1 ny)) 0.0) (distinct (+ (- (* w2 ny)) (* c y2) (* 2.0 y2 ny)) 0.0)))
(check-sat)
