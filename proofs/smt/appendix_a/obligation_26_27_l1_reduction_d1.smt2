; appendix_a/obligation_26_27_l1_reduction_d1.smt2
; step: v2 App. A (26)-(27): the l1 term reduces to -s.x with s_i = sign(z_i) lambda1 - z_i if |z_i| > lambda1, else 0
; query: some x has z.x + lambda1 ||x||_1 + s.x < 0, or some x = k o s (k >= 0) has it != 0
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_a/obligation_26_27_l1_reduction_d1.smt2
(declare-const lam1 Real)
(declare-const z1 Real)
(declare-const x1 Real)
(declare-const k1 Real)
(assert (>= lam1 0.0))
(define-fun s1 () Real (ite (<= (abs z1) lam1) 0.0 (ite (> z1 0.0) (- lam1 z1) (- (- lam1) z1))))
(assert (>= k1 0.0))
(assert (or (< (+ (* z1 x1) (* lam1 (abs x1)) (* s1 x1)) 0.0) (distinct (+ (* z1 (* k1 s1)) (* lam1 (abs (* k1 s1))) (* s1 (* k1 s1))) 0.0)))
(check-sat)
