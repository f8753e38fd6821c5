; appendix_a/obligation_31_34_scalar_bound.smt2
; step: v2 App. A (30)-(34), lemma (iii): (c - r) q + q^2 >= G(y*) for every q >= 0
; query: some q >= 0 has (c - r) q + q^2 < -g r^2/2 + c g r/2 + (g r/2)^2
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_31_34_scalar_bound.smt2
(declare-const c Real)
(declare-const r Real)
(declare-const ny Real)
(declare-const g Real)
(assert (>= c 0.0))
(assert (>= r 0.0))
(assert (>= ny 0.0))
(assert (=> (> r c) (= (* g r) (- r c))))
(assert (=> (<= r c) (= g 0.0)))
(define-fun p () Real (/ (* g r) 2.0))
(assert (< (+ (* (- c r) ny) (* ny ny)) (+ (- (/ (* g r r) 2.0)) (* c p) (* p p))))
(check-sat)
