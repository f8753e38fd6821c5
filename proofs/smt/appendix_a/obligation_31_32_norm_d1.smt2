; appendix_a/obligation_31_32_norm_d1.smt2
; step: v2 App. A (31)-(32): ||y|| = (||s~|| - lambda21 sqrt(d))/2 for y != 0 solving (31)
; query: y != 0 solves (31) and 2 ||y|| != ||s~|| - c
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_31_32_norm_d1.smt2
(declare-const w1 Real)
(declare-const r Real)
(declare-const c Real)
(assert (>= c 0.0))
(assert (>= r 0.0))
(assert (= (* r r) (* w1 w1)))
(declare-const y1 Real)
(declare-const ny Real)
(assert (> ny 0.0))
(assert (= (* ny ny) (* y1 y1)))
; (31) multiplied by ||y|| > 0: -s~ ||y|| + c y + 2 y ||y|| = 0
(assert (= (+ (- (* w1 ny)) (* c y1) (* 2.0 y1 ny)) 0.0))
(assert (distinct (* 2.0 ny) (- r c)))
(check-sat)
