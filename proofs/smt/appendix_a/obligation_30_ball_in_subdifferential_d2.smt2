; appendix_a/obligation_30_ball_in_subdifferential_d2.smt2
; step: v2 App. A (30): every zeta with ||zeta||_2 <= 1 is a subgradient of ||.||_2 at 0
; query: ||zeta|| <= 1 and zeta.y > ||y|| for some y
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_30_ball_in_subdifferential_d2.smt2
(declare-const zeta1 Real)
(declare-const zeta2 Real)
(declare-const y1 Real)
(declare-const y2 Real)
(declare-const ny Real)
(assert (>= ny 0.0))
(assert (= (* ny ny) (+ (* y1 y1) (* y2 y2))))
(assert (<= (+ (* zeta1 zeta1) (* zeta2 zeta2)) 1.0))
(assert (> (+ (* zeta1 y1) (* zeta2 y2)) ny))
(check-sat)
