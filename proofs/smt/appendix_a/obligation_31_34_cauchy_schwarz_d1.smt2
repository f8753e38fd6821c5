; appendix_a/obligation_31_34_cauchy_schwarz_d1.smt2
; step: v2 App. A (30)-(34), lemma (i): s~.y <= ||s~|| ||y||
; query: s~.y > ||s~|| ||y||
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_31_34_cauchy_schwarz_d1.smt2
(declare-const w1 Real)
(declare-const r Real)
(declare-const c Real)
(assert (>= c 0.0))
(assert (>= r 0.0))
(assert (= (* r r) (* w1 w1)))
(declare-const y1 Real)
(declare-const ny Real)
(assert (>= ny 0.0))
(assert (= (* ny ny) (* y1 y1)))
(assert (> (* w1 y1) (* r ny)))
(check-sat)
