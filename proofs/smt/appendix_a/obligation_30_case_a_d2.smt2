; appendix_a/obligation_30_case_a_d2.smt2
; step: v2 App. A (30) case a: if ||s~|| <= lambda21 sqrt(d), y = 0 and xi = s~/(lambda21 sqrt(d)) satisfy (30)
; query: ||xi|| > 1 or a residual -s~ + c xi != 0
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_30_case_a_d2.smt2
(declare-const w1 Real)
(declare-const w2 Real)
(declare-const r Real)
(declare-const c Real)
(assert (>= c 0.0))
(assert (>= r 0.0))
(assert (= (* r r) (+ (* w1 w1) (* w2 w2))))
(declare-const xi1 Real)
(declare-const xi2 Real)
(assert (> c 0.0))
(assert (<= r c))
(assert (= (* xi1 c) w1))
(assert (= (* xi2 c) w2))
(assert (or (> (+ (* xi1 xi1) (* xi2 xi2)) 1.0) (distinct (+ (- w1) (* c xi1)) 0.0) (distinct (+ (- w2) (* c xi2)) 0.0)))
(check-sat)
