#!/usr/bin/env python3
"""A port written from fixtures/README.md alone: every rule form, both updates.

Implements "The update the fixtures follow" and every row of "Rule
conventions" of fixtures/README.md in numpy (float64), replays every case of
every fixture file given and writes one trajectory per file (x, z, and m, v
where the update defines them). It exists to show that the README defines
each convention a fixture names: if a row of the README were wrong or
missing, some case would fail. `tests/fixtures_check_py.rs` checks the
trajectories with both checkers.

usage: readme_port.py OUT_DIR FIXTURE.json...
"""
import json
import os
import sys

import numpy as np


def group_ids(spec, n):
    if "rows" in spec:
        return np.arange(n) // spec["rows"]
    if "sizes" in spec:
        return np.repeat(np.arange(len(spec["sizes"])), spec["sizes"])
    ids = np.zeros(n, dtype=np.int64)
    for g, members in enumerate(spec["lists"]):
        ids[members] = g
    return ids


def prox_step(z, sigma, pen, ids, threshold):
    """s from z (line 8), the group factor and the rescale (line 10)."""
    l1, l21, l2 = pen["lambda1"], pen["lambda21"], pen["lambda2"]
    s = np.where(np.abs(z) <= l1, 0.0, np.sign(z) * l1 - z)
    if threshold == "s":
        sq = s * s
    elif threshold == "s-tilde-exact":
        a = sigma / 2 + l2
        sq = np.where(s == 0, 0.0, s * s / np.where(s == 0, 1.0, a))
    else:
        raise ValueError(threshold)
    norm = np.sqrt(np.bincount(ids, weights=sq))
    limit = np.sqrt(np.bincount(ids).astype(np.float64)) * l21
    factor = np.where(norm <= limit, 0.0, 1 - limit / np.where(norm == 0, 1.0, norm))
    return factor[ids] * s


class Rule:
    """One row of the README's rule table: step(g, u) -> (m_t, V_t, alpha_t, root r_t)."""

    def __init__(self, rule, n):
        self.kind, self.form = rule["kind"], rule.get("form")
        self.alpha, self.eps = rule["alpha"], rule.get("eps", 0.0)
        self.b1, self.b2, self.gamma = rule.get("beta1", 0.0), rule.get("beta2", 0.0), rule.get("gamma", 0.0)
        self.schedule = rule.get("schedule", "inv-sqrt-t")
        self.t = 0
        self.mh, self.vh, self.vmax, self.acc, self.mom = (np.zeros(n) for _ in range(5))
        self.sigma0 = np.zeros(n)
        if self.kind == "adagrad" and self.form and self.form["form"] == "initial-accumulator":
            self.acc[:] = self.form["n0"]
            self.sigma0 = np.sqrt(self.acc) / self.alpha

    def step(self, g, u):
        self.t = t = self.t + 1
        a, eps, kind = self.alpha, self.eps, self.kind
        ones = np.ones_like(g)
        if kind == "sgd":
            return g, ones, (a / np.sqrt(t) if self.schedule == "inv-sqrt-t" else a), ones
        if kind == "momentum":
            self.mom = self.gamma * self.mom + g
            return self.mom, ones, a, ones
        if kind == "adagrad":
            form = (self.form or {"form": "paper-alg3"})["form"]
            if form == "paper-alg3":
                self.acc = self.acc + g * g + (eps if t == 1 else 0.0)
                return g, self.acc, a, np.sqrt(self.acc)
            self.acc = self.acc + g * g
            if form == "table1":
                v = (eps + self.acc) / t
                return g, v, a / np.sqrt(t), np.sqrt(v)
            if form == "eps-outside-sqrt":
                return g, self.acc, a, np.sqrt(self.acc) + eps
            return g, self.acc, a, np.sqrt(self.acc)  # initial-accumulator
        bc1, bc2 = 1 - self.b1 ** t, 1 - self.b2 ** t
        self.mh = self.b1 * self.mh + (1 - self.b1) * g
        if kind in ("adam", "adahessian"):
            self.vh = self.b2 * self.vh + (1 - self.b2) * u * u
            form = self.form or "paper-v1"
            if form == "table1":
                return self.mh, self.vh, a * np.sqrt(bc2) / bc1, np.sqrt(self.vh) + eps
            if form == "tfplus":
                return self.mh * np.sqrt(bc2) / bc1, self.vh, a, np.sqrt(self.vh) + eps
            v = self.vh / bc2
            e = eps / np.sqrt(bc2) if form == "paper-v2" else eps
            return self.mh / bc1, v, a, np.sqrt(v) + e
        if kind == "amsgrad":
            form = self.form or "table1"
            if form == "table1":
                self.vmax = np.maximum(self.vmax, self.b2 * self.vmax + (1 - self.b2) * g * g)
                return self.mh, self.vmax, a * np.sqrt(bc2) / bc1, np.sqrt(self.vmax) + eps
            self.vh = self.b2 * self.vh + (1 - self.b2) * g * g
            if form == "reddi":
                self.vmax = np.maximum(self.vmax, self.vh)
                return self.mh, self.vmax, a, np.sqrt(self.vmax) + eps
            if form == "py-torch":
                self.vmax = np.maximum(self.vmax, self.vh)
                return self.mh / bc1, self.vmax, a, np.sqrt(self.vmax) / np.sqrt(bc2) + eps
            self.vmax = np.maximum(self.vmax, self.vh / bc2)  # optax
            return self.mh / bc1, self.vmax, a, np.sqrt(self.vmax) + eps
        raise ValueError(kind)


def run_algorithm1(group, case):
    n = group["n"]
    ids = group_ids(group["groups"], n)
    rule = Rule(group["rule"], n)
    x, z, sigma_prev = np.array(case["x1"], dtype=np.float64), np.zeros(n), rule.sigma0
    out = {"x": [], "z": [], "m": [], "v": []}
    for t, g in enumerate(case["gradients"], start=1):
        g = np.array(g, dtype=np.float64)
        u = np.array(case["hessians"][t - 1], dtype=np.float64) if "hessians" in case else g
        m, v, alpha_t, root = rule.step(g, u)
        sigma = root / alpha_t
        z = z + m - (sigma - sigma_prev) * x
        sigma_prev = sigma
        num = prox_step(z, sigma, group["penalty"], ids, group["threshold"])
        x = np.where(num == 0, 0.0, num / np.where(num == 0, 1.0, sigma + 2 * group["penalty"]["lambda2"]))
        for k, val in (("x", x), ("z", z), ("m", m), ("v", v)):
            out[k].append(np.asarray(val, dtype=np.float64).tolist())
    return out


def run_alg2_printed_v2(group, case):
    r, pen = group["rule"], group["penalty"]
    a, b1, b2, eps = r["alpha"], r["beta1"], r["beta2"], r.get("eps", 0.0)
    n = group["n"]
    ids = group_ids(group["groups"], n)
    x, z, mh, vh, v_prev = np.array(case["x1"], dtype=np.float64), *(np.zeros(n) for _ in range(4))
    out = {"x": [], "z": []}
    for t, g in enumerate(case["gradients"], start=1):
        g = np.array(g, dtype=np.float64)
        mh = b1 * mh + (1 - b1) * g
        vh = b2 * vh + (1 - b2) * g * g
        m, v = mh / (1 - b1 ** t), vh / (1 - b2 ** t)
        eps_t = eps / np.sqrt(1 - b2 ** t)  # line 8, per step
        q = np.sqrt(v) - np.sqrt(v_prev) + (eps_t if t == 1 else 0.0)  # line 9
        z = z + m - q * x / a  # line 10
        num = prox_step(z, None, pen, ids, "s")
        x = np.where(num == 0, 0.0, num / ((np.sqrt(v) + eps_t) / a + 2 * pen["lambda2"]))  # line 14
        v_prev = v
        out["x"].append(x.tolist())
        out["z"].append(z.tolist())
    return out


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    os.makedirs(argv[1], exist_ok=True)
    for path in argv[2:]:
        with open(path) as f:
            fixture = json.load(f)
        cases = {}
        for group in fixture["testGroups"]:
            run = run_algorithm1 if group["update"] == "algorithm1" else run_alg2_printed_v2
            for case in group["tests"]:
                cases[str(case["tcId"])] = run(group, case)
        out = os.path.join(argv[1], os.path.basename(path))
        with open(out, "w") as f:
            json.dump({"cases": cases}, f)
        print("%s: replayed %d cases -> %s" % (fixture["algorithm"], len(cases), out))


if __name__ == "__main__":
    main(sys.argv)
