; appendix_a/obligation_30_printed_box_d2.smt2
; step: v2 App. A (30) as printed: partial ||0||_2 = {zeta : -1 <= zeta_i <= 1}
; query: zeta in the box and zeta.y > ||y|| for some y
; expected: sat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_30_printed_box_d2.smt2
(declare-const zeta1 Real)
(declare-const zeta2 Real)
(declare-const y1 Real)
(declare-const y2 Real)
(declare-const ny Real)
(assert (>= ny 0.0))
(assert (= (* ny ny) (+ (* y1 y1) (* y2 y2))))
(assert (<= (abs zeta1) 1.0))
(assert (<= (abs zeta2) 1.0))
(assert (> (+ (* zeta1 y1) (* zeta2 y2)) ny))
(check-sat)
(get-model)
