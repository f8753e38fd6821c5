; appendix_a/obligation_31_34_cauchy_schwarz_d2.smt2
; step: v2 App. A (30)-(34), lemma (i): s~.y <= ||s~|| ||y||
; query: s~.y > ||s~|| ||y||
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_31_34_cauchy_schwarz_d2.smt2
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
(assert (>= ny 0.0))
(assert (= (* ny ny) (+ (* y1 y1) (* y2 y2))))
(assert (> (+ (* w1 y1) (* w2 y2)) (* r ny)))
(check-sat)
