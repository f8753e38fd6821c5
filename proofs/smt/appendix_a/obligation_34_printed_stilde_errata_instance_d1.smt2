; appendix_a/obligation_34_printed_stilde_errata_instance_d1.smt2
; step: v2 Eq. (10) as printed: s~ = (sum Q/(2 alpha) + lambda2 I)^-1 s, used in the threshold of Eq. (8)
; query: n = 1, c = 1, A = 4, z = -3, lambda1 = 0: some x beats the printed x*
; expected: sat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_34_printed_stilde_errata_instance_d1.smt2
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
(assert (= z (- 3.0)))
(assert (= lam1 0.0))
(assert (= c 1.0))
(assert (= a 2.0))
(define-fun s () Real (ite (<= (abs z) lam1) 0.0 (ite (> z 0.0) (- lam1 z) (- (- lam1) z))))
; printed Eq. (10): s~ = A^-1 s, A = a^2
(assert (= (* w a a) s))
(assert (= r (abs w)))
; g = max(1 - c/||s~||, 0)
(assert (=> (> r c) (= (* g r) (- r c))))
(assert (=> (<= r c) (= g 0.0)))
; Eq. (8): x* = (2A)^-1 g s
(assert (= (* xs 2.0 a a) (* g s)))
(define-fun om ((v Real)) Real (+ (* z v) (* lam1 (abs v)) (* c (abs (* a v))) (* a a v v)))
(assert (< (om x) (om xs)))
(check-sat)
(get-model)
