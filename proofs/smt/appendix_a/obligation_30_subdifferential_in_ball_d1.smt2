; appendix_a/obligation_30_subdifferential_in_ball_d1.smt2
; step: v2 App. A (30): a subgradient of ||.||_2 at 0 has ||zeta||_2 <= 1
; query: ||zeta|| > 1 and y = zeta gives zeta.y <= ||y||
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_30_subdifferential_in_ball_d1.smt2
(declare-const zeta1 Real)
(declare-const y1 Real)
(declare-const ny Real)
(assert (>= ny 0.0))
(assert (= (* ny ny) (* y1 y1)))
; y = zeta witnesses zeta.y > ||y|| whenever ||zeta|| > 1
(assert (> (* zeta1 zeta1) 1.0))
(assert (= y1 zeta1))
(assert (<= (* zeta1 y1) ny))
(check-sat)
