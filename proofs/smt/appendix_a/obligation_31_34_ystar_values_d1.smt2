; appendix_a/obligation_31_34_ystar_values_d1.smt2
; step: v2 App. A (33), lemma (ii): y* = g s~/2 has s~.y* = g ||s~||^2/2 and ||y*|| = g ||s~||/2
; query: 2 s~.y* != g r^2 or 2 ||y*|| != g r
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_31_34_ystar_values_d1.smt2
(declare-const w1 Real)
(declare-const r Real)
(declare-const c Real)
(assert (>= c 0.0))
(assert (>= r 0.0))
(assert (= (* r r) (* w1 w1)))
(declare-const ystar1 Real)
(declare-const g Real)
(declare-const p Real)
(assert (=> (> r c) (= (* g r) (- r c))))
(assert (=> (<= r c) (= g 0.0)))
(assert (= (* 2.0 ystar1) (* g w1)))
(assert (>= p 0.0))
(assert (= (* p p) (* ystar1 ystar1)))
(assert (or (distinct (* 2.0 (* w1 ystar1)) (* g r r)) (distinct (* 2.0 p) (* g r))))
(check-sat)
