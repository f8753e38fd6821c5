#!/usr/bin/env python3
"""Replay sgl-oracle fixtures with a short numpy-only Group Adam / Group Adagrad.

Written from the paper (Algorithm 2, paper v1 form; Algorithm 3), not from the
Rust code. Supports cases with update "algorithm1" and rule
  adam    form paper-v1      (Group Adam, Algorithm 2 of paper v1)
  adagrad form paper-alg3    (Group Adagrad, Algorithm 3)
with either group threshold ("s" as printed, "s-tilde-exact" = the exact
minimiser of Eq. (6)). Every other case is listed under "skipped" with the
reason, so `sgl fixtures check --allow-skipped` accepts the output.

usage: replay.py FIXTURE.json OUT_TRAJECTORY.json
"""
import json
import sys

import numpy as np


def groups_of(spec, n):
    """Index arrays of the groups of a GroupSpec ({"rows": d} | {"sizes": [...]} | {"lists": [...]})."""
    if "rows" in spec:
        d = spec["rows"]
        return [np.arange(k, k + d) for k in range(0, n, d)]
    if "sizes" in spec:
        out, start = [], 0
        for d in spec["sizes"]:
            out.append(np.arange(start, start + d))
            start += d
        return out
    return [np.array(l) for l in spec["lists"]]


def prox(z, sigma, lam1, lam21, lam2, groups, threshold):
    """Lines 7-10 of Algorithm 1: soft threshold, group factor, diagonal rescale."""
    s = np.where(np.abs(z) <= lam1, 0.0, -(z - np.sign(z) * lam1))
    a = 0.5 * sigma + lam2  # A = sum Q/(2 alpha) + lambda2 I (diagonal)
    x = np.zeros_like(z)
    for idx in groups:
        sg = s[idx]
        if threshold == "s":
            norm = np.sqrt(np.sum(sg * sg))
        elif threshold == "s-tilde-exact":
            nz = sg != 0.0
            norm = np.sqrt(np.sum(sg[nz] * sg[nz] / a[idx][nz]))
        else:
            raise ValueError(threshold)
        c = np.sqrt(len(idx)) * lam21
        factor = 0.0 if norm <= c else 1.0 - c / norm
        num = factor * sg
        x[idx] = np.where(num == 0.0, 0.0, num / (sigma[idx] + 2.0 * lam2))
    return x


def run_adam_v1(rule, pen, groups, threshold, x1, grads):
    """Algorithm 2 (paper v1)."""
    alpha, b1, b2, eps = rule["alpha"], rule["beta1"], rule["beta2"], rule["eps"]
    x = np.array(x1, dtype=np.float64)
    n = x.size
    m_hat, v_hat, v_prev, z = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    b1t = b2t = 1.0
    out = {"x": [], "z": [], "m": [], "v": []}
    for t, g in enumerate(grads, start=1):
        g = np.array(g, dtype=np.float64)
        b1t *= b1
        b2t *= b2
        m_hat = b1 * m_hat + (1.0 - b1) * g
        m = m_hat / (1.0 - b1t)
        v_hat = b2 * v_hat + (1.0 - b2) * (g * g)
        v = v_hat / (1.0 - b2t)
        q = np.sqrt(v) - np.sqrt(v_prev) + (eps if t == 1 else 0.0)  # line 8
        z = z + m - q * x / alpha  # line 9
        sigma = (np.sqrt(v) + eps) / alpha
        x = prox(z, sigma, pen["lambda1"], pen["lambda21"], pen["lambda2"], groups, threshold)
        v_prev = v
        for k, val in (("x", x), ("z", z), ("m", m), ("v", v)):
            out[k].append(val.tolist())
    return out


def run_adagrad_alg3(rule, pen, groups, threshold, x1, grads):
    """Algorithm 3."""
    alpha, eps = rule["alpha"], rule["eps"]
    x = np.array(x1, dtype=np.float64)
    n = x.size
    v, z = np.zeros(n), np.zeros(n)
    out = {"x": [], "z": [], "m": [], "v": []}
    for t, g in enumerate(grads, start=1):
        g = np.array(g, dtype=np.float64)
        v_prev = v
        v = v_prev + g * g + (eps if t == 1 else 0.0)  # line 5
        q = np.sqrt(v) - np.sqrt(v_prev)  # line 6
        z = z + g - q * x / alpha  # line 7
        x = prox(z, np.sqrt(v) / alpha, pen["lambda1"], pen["lambda21"], pen["lambda2"], groups, threshold)
        for k, val in (("x", x), ("z", z), ("m", g), ("v", v)):
            out[k].append(val.tolist())
    return out


def supported(group):
    rule = group["rule"]
    if group["update"] != "algorithm1":
        return None, "update %s not implemented (printed Algorithm 2 v2)" % group["update"]
    if rule["kind"] == "adam" and rule.get("form") == "paper-v1":
        return run_adam_v1, None
    form = rule.get("form")
    if rule["kind"] == "adagrad" and isinstance(form, dict) and form.get("form") == "paper-alg3":
        return run_adagrad_alg3, None
    return None, "rule %s form %s not implemented" % (rule["kind"], json.dumps(form))


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1]) as f:
        fixture = json.load(f)
    cases, skipped = {}, {}
    for group in fixture["testGroups"]:
        run, why = supported(group)
        groups = groups_of(group["groups"], group["n"])
        for case in group["tests"]:
            tc = str(case["tcId"])
            if run is None:
                skipped[tc] = why
                continue
            cases[tc] = run(group["rule"], group["penalty"], groups, group["threshold"],
                            case["x1"], case["gradients"])
    with open(argv[2], "w") as f:
        json.dump({"cases": cases, "skipped": skipped}, f)
    print("%s: replayed %d cases, skipped %d" % (fixture["algorithm"], len(cases), len(skipped)))


if __name__ == "__main__":
    main(sys.argv)
