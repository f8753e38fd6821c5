; appendix_d1/obligation_43_nu.smt2
; step: v2 App. D.1 (43): (1-gamma)^2 >= (1-nu)^2 with nu = max(gamma, kappa) < 1
; query: gamma, kappa <= nu < 1 and (* (- 1.0 gamma) (- 1.0 gamma)) < (1-nu)^2
; expected: unsat
; replay: z3 -T:60 proofs/smt/appendix_d1/obligation_43_nu.smt2
(declare-const gamma Real)
(declare-const kappa Real)
(declare-const nu Real)
(assert (<= gamma nu))
(assert (<= kappa nu))
(assert (< nu 1.0))
(assert (< (* (- 1.0 gamma) (- 1.0 gamma)) (* (- 1.0 nu) (- 1.0 nu))))
(check-sat)
