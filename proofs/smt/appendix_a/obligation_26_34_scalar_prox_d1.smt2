; appendix_a/obligation_26_34_scalar_prox_d1.smt2
; step: v2 Thm 1 / Eqs. (8)-(9), n = 1, with s~ = A^(-1/2) s (erratum E1)
; query: some x has Omega(x) < Omega(x*)
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_26_34_scalar_prox_d1.smt2
(declare-const z Real)
(declare-const lam1 Real)
(declare-const c Real)
(declare-const a Real)
(declare-const x Real)
(declare-const w Real)
(declare-const r Real)
(declare-const g Real)
(declare-const xs Real)
(assert (>= lam1 0.0))
(assert (>= c 0.0))
(assert (> a 0.0))
(define-fun s () Real (ite (<= (abs z) lam1) 0.0 (ite (> z 0.0) (- lam1 z) (- (- lam1) z))))
; corrected: s~ = A^-1/2 s
(assert (= (* w a) s))
(assert (= r (abs w)))
; g = max(1 - c/||s~||, 0)
(assert (=> (> r c) (= (* g r) (- r c))))
(assert (=> (<= r c) (= g 0.0)))
; Eq. (8): x* = (2A)^-1 g s
(assert (= (* xs 2.0 a a) (* g s)))
(define-fun om ((v Real)) Real (+ (* z v) (* lam1 (abs v)) (* c (abs (* a v))) (* a a v v)))
(assert (< (om x) (om xs)))
(check-sat)
