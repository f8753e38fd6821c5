#!/usr/bin/env python3
"""A port written from fixtures/README.md alone: every rule form, every update.

Implements "The update the fixtures follow", every row of "Rule conventions",
"Table cases" (dense and lazy semantics), "Invalid cases" and "tfplus kernel
cases" of fixtures/README.md in numpy (float64), replays every case of every fixture
file given and writes one trajectory per file (x, z, and m, v, sigma where the
update defines them; the final table of a table case; `error {kind, step}`
and the rows before it for a case the port rejects). It exists to show that
the README defines each convention a fixture names: if a row of the README
were wrong or missing, some case would fail. `tests/ports_replay.rs` checks
the trajectories with both checkers.

usage: readme_port.py [--look-alike NAME] OUT_DIR FIXTURE.json...

--look-alike NAME changes one table convention to a plausible wrong one (see
LOOK_ALIKES), to show that the table fixtures catch it.
"""
import json
import math
import os
import sys

import numpy as np

# One wrong table convention each; `--look-alike` selects one (default none).
LOOK_ALIKES = {
    "local-step": "a lazy row reads its own update count instead of the global t",
    "last-row-wins": "a repeated id keeps its last gradient row instead of the sum",
    "swap-semantics": "dense and lazy swapped",
    "late-row-zero": "a row not in batch 1 starts from x = 0 instead of x1",
    "no-2-on-lambda2": "line 10 divides by sigma + lambda2 (no factor 2)",
    "sum-overflow-is-overflow": "an overflowing sum of duplicates raises overflow",
    "tfplus-row-first-step": "tfplus Adam: the first-step branch on a row's own first update",
    "tfplus-v4-eps-increment": "group-adam-v4's first-step branch adds eps to the increment (as v3)",
    "tfplus-v4-unscaled-lambdas": "group-adam-v4's lambdas not multiplied by lr_t",
    "tfplus-lr-decay-ignored": "lr_t = lr at every step",
    "tfplus-single-accumulation": "group-sparse-ftrl-v2 adds g'^2 once per step",
    "tfplus-slots-kept": "blacklist reset-slots keeps the slots of a revived row",
}
LOOK_ALIKE = None


class PortError(Exception):
    """An input the README says a port must reject ("Invalid cases"): `kind`
    is one of its error kinds; the driver that catches it knows the step."""

    def __init__(self, kind, why):
        super().__init__("%s: %s" % (kind, why))
        self.kind = kind


# ------------------------------------------------------------- validation
def check_hyper_parameters(rule, pen):
    """README "Invalid cases", `invalid-hyper-parameter`: alpha <= 0; beta1,
    beta2 or gamma outside [0, 1); a negative or non-finite lambda1,
    lambda21, lambda2, eps or n0. Raised at construction (step 0)."""
    bad = "invalid-hyper-parameter"
    alpha = rule["alpha"]
    if not alpha > 0:  # also rejects NaN, which the README does not name
        raise PortError(bad, "alpha = %r <= 0" % alpha)
    for name in ("beta1", "beta2", "gamma"):
        if name in rule and not 0.0 <= rule[name] < 1.0:
            raise PortError(bad, "%s = %r outside [0, 1)" % (name, rule[name]))
    nonneg = [("eps", rule.get("eps", 0.0))] + [(k, pen[k]) for k in ("lambda1", "lambda21", "lambda2")]
    form = rule.get("form")
    if isinstance(form, dict) and "n0" in form:
        nonneg.append(("n0", form["n0"]))
    for name, val in nonneg:
        if not (math.isfinite(val) and val >= 0.0):
            raise PortError(bad, "%s = %r is negative or non-finite" % (name, val))


def check_vector(v, width, what):
    """`shape-mismatch` for a wrong length, `non-finite-input` for NaN / inf."""
    if len(v) != width:
        raise PortError("shape-mismatch", "%s has length %d, not %d" % (what, len(v), width))
    arr = np.array(v, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise PortError("non-finite-input", "%s is not finite" % what)
    return arr


def check_finite_state(what, *arrays):
    """`overflow`: an intermediate became non-finite from finite inputs."""
    for name, a in zip(what, arrays):
        if not np.all(np.isfinite(a)):
            raise PortError("overflow", "%s is not finite" % name)


def patched(case, key):
    """The case's inputs with `nonFinite` patched in (README "Format v2")."""
    vals = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}
    data = json.loads(json.dumps(case[key]))
    for p in case.get("nonFinite", []):
        t, i, val = p["step"], p["index"], vals[p["value"]]
        if key == "batches":
            data[t - 1]["grads"][p["position"]][i] = val
        else:
            data[t - 1][i] = val
    return data


# ------------------------------------------------------------- the step
def group_ids(spec, n):
    if "rows" in spec:
        return np.arange(n) // spec["rows"]
    if "sizes" in spec:
        return np.repeat(np.arange(len(spec["sizes"])), spec["sizes"])
    ids = np.zeros(n, dtype=np.int64)
    for g, members in enumerate(spec["lists"]):
        ids[members] = g
    return ids


def prox_numerator(z, sigma, pen, ids, threshold):
    """s from z (line 8) and the group factor: (1 - c/N)_+ s (line 10 without
    the rescale). Under `s-tilde-exact` an s_i != 0 with A_i = 0 has no
    minimiser (README, `no-minimiser`)."""
    l1, l21, l2 = pen["lambda1"], pen["lambda21"], pen["lambda2"]
    s = np.where(np.abs(z) <= l1, 0.0, np.sign(z) * l1 - z)
    if threshold == "s":
        sq = s * s
    elif threshold == "s-tilde-exact":
        a = sigma / 2 + l2
        if np.any((s != 0) & (a == 0)):
            raise PortError("no-minimiser", "s_i != 0 with sigma_i/2 + lambda2 = 0")
        sq = np.where(s == 0, 0.0, s * s / np.where(s == 0, 1.0, a))
    else:
        raise ValueError(threshold)
    norm = np.sqrt(np.bincount(ids, weights=sq))
    limit = np.sqrt(np.bincount(ids).astype(np.float64)) * l21
    factor = np.where(norm <= limit, 0.0, 1 - limit / np.where(norm == 0, 1.0, norm))
    return factor[ids] * s


def rescale(num, curvature):
    """Line 10's diagonal rescale; a non-zero numerator over zero curvature
    has no minimiser (README, `no-minimiser`)."""
    if np.any((num != 0) & (curvature == 0)):
        raise PortError("no-minimiser", "(1 - c/N) s_i != 0 with sigma_i + 2 lambda2 = 0")
    return np.where(num == 0, 0.0, num / np.where(num == 0, 1.0, curvature))


class Rule:
    """One row of the README's rule table over a state of any shape (a vector,
    or an R x d table): step(g, u, t, rows) -> (m_t, V_t, alpha_t, root r_t) of
    the given rows, whose own state it reads and updates; t is the (global)
    step."""

    def __init__(self, rule, shape):
        self.kind, self.form = rule["kind"], rule.get("form")
        self.alpha, self.eps = rule["alpha"], rule.get("eps", 0.0)
        self.b1, self.b2, self.gamma = rule.get("beta1", 0.0), rule.get("beta2", 0.0), rule.get("gamma", 0.0)
        self.schedule = rule.get("schedule", "inv-sqrt-t")
        self.mh, self.vh, self.vmax, self.acc, self.mom = (np.zeros(shape) for _ in range(5))
        self.sigma0 = np.zeros(shape)
        if self.kind == "adagrad" and self.form and self.form["form"] == "initial-accumulator":
            self.acc[...] = self.form["n0"]
            self.sigma0 = np.sqrt(self.acc) / self.alpha

    def step(self, g, u, t, rows=slice(None)):
        a, eps, kind = self.alpha, self.eps, self.kind
        ones = np.ones_like(g)
        if kind == "sgd":
            return g, ones, (a / np.sqrt(t) if self.schedule == "inv-sqrt-t" else a), ones
        if kind == "momentum":
            self.mom[rows] = mom = self.gamma * self.mom[rows] + g
            return mom, ones, a, ones
        if kind == "adagrad":
            form = (self.form or {"form": "paper-alg3"})["form"]
            if form == "paper-alg3":
                self.acc[rows] = acc = self.acc[rows] + g * g + np.where(t == 1, eps, 0.0)
                return g, acc, a, np.sqrt(acc)
            self.acc[rows] = acc = self.acc[rows] + g * g
            if form == "table1":
                v = (eps + acc) / t
                return g, v, a / np.sqrt(t), np.sqrt(v)
            if form == "eps-outside-sqrt":
                return g, acc, a, np.sqrt(acc) + eps
            return g, acc, a, np.sqrt(acc)  # initial-accumulator
        bc1, bc2 = 1 - self.b1 ** t, 1 - self.b2 ** t
        self.mh[rows] = mh = self.b1 * self.mh[rows] + (1 - self.b1) * g
        if kind in ("adam", "adahessian"):
            self.vh[rows] = vh = self.b2 * self.vh[rows] + (1 - self.b2) * u * u
            form = self.form or "paper-v1"
            if form == "table1":
                return mh, vh, a * np.sqrt(bc2) / bc1, np.sqrt(vh) + eps
            if form == "tfplus":
                return mh * np.sqrt(bc2) / bc1, vh, a, np.sqrt(vh) + eps
            v = vh / bc2
            e = eps / np.sqrt(bc2) if form == "paper-v2" else eps
            return mh / bc1, v, a, np.sqrt(v) + e
        if kind == "amsgrad":
            form = self.form or "table1"
            vmax = self.vmax[rows]
            if form == "table1":
                self.vmax[rows] = vmax = np.maximum(vmax, self.b2 * vmax + (1 - self.b2) * g * g)
                return mh, vmax, a * np.sqrt(bc2) / bc1, np.sqrt(vmax) + eps
            self.vh[rows] = vh = self.b2 * self.vh[rows] + (1 - self.b2) * g * g
            if form == "reddi":
                self.vmax[rows] = vmax = np.maximum(vmax, vh)
                return mh, vmax, a, np.sqrt(vmax) + eps
            if form == "py-torch":
                self.vmax[rows] = vmax = np.maximum(vmax, vh)
                return mh / bc1, vmax, a, np.sqrt(vmax) / np.sqrt(bc2) + eps
            self.vmax[rows] = vmax = np.maximum(vmax, vh / bc2)  # optax
            return mh / bc1, vmax, a, np.sqrt(vmax) + eps
        raise ValueError(kind)


def algorithm1_step(rule, t, g, u, x, z, sigma_prev, pen, ids, threshold, rows=slice(None)):
    """Lines 3-10 of Algorithm 1 on flat (or row-major) state; returns
    (x, z, m, v, sigma) after step t, raising `overflow` / `no-minimiser`."""
    m, v, alpha_t, root = rule.step(g, u, t, rows)
    sigma = root / alpha_t * np.ones_like(g)
    z = z + m - (sigma - sigma_prev) * x
    check_finite_state(("m", "V", "sigma", "z"), m, v, sigma, z)
    num = prox_numerator(z.ravel(), sigma.ravel(), pen, ids, threshold).reshape(z.shape)
    x = rescale(num, sigma + (1 if LOOK_ALIKE == "no-2-on-lambda2" else 2) * pen["lambda2"])
    check_finite_state(("x",), x)
    return x, z, m, v, sigma


# ------------------------------------------------------------- drivers
FIELDS = ("x", "z", "m", "v", "sigma")


def run_algorithm1(group, case):
    n, pen = group["n"], group["penalty"]
    ids = group_ids(group["groups"], n)
    out = {k: [] for k in FIELDS}
    t = 0
    try:
        check_hyper_parameters(group["rule"], pen)
        x = check_vector(case["x1"], n, "x1")
        rule = Rule(group["rule"], n)
        z, sigma_prev = np.zeros(n), rule.sigma0
        grads = patched(case, "gradients")
        for t, g in enumerate(grads, start=1):
            g = check_vector(g, n, "g_%d" % t)
            u = check_vector(case["hessians"][t - 1], n, "D_%d" % t) if "hessians" in case else g
            x, z, m, v, sigma_prev = algorithm1_step(rule, t, g, u, x, z, sigma_prev, pen, ids, group["threshold"])
            for k, val in zip(FIELDS, (x, z, m, v, sigma_prev)):
                out[k].append(np.asarray(val, dtype=np.float64).tolist())
    except PortError as e:
        out["error"] = {"kind": e.kind, "step": t}
    return out


def run_alg2_printed_v2(group, case):
    r, pen = group["rule"], group["penalty"]
    n = group["n"]
    ids = group_ids(group["groups"], n)
    out = {"x": [], "z": []}
    t = 0
    try:
        check_hyper_parameters(r, pen)
        a, b1, b2, eps = r["alpha"], r["beta1"], r["beta2"], r.get("eps", 0.0)
        x = check_vector(case["x1"], n, "x1")
        z, mh, vh, v_prev = (np.zeros(n) for _ in range(4))
        for t, g in enumerate(patched(case, "gradients"), start=1):
            g = check_vector(g, n, "g_%d" % t)
            mh = b1 * mh + (1 - b1) * g
            vh = b2 * vh + (1 - b2) * g * g
            m, v = mh / (1 - b1 ** t), vh / (1 - b2 ** t)
            eps_t = eps / np.sqrt(1 - b2 ** t)  # line 8, per step
            q = np.sqrt(v) - np.sqrt(v_prev) + (eps_t if t == 1 else 0.0)  # line 9
            z = z + m - q * x / a  # line 10
            check_finite_state(("m", "V", "z"), m, v, z)
            num = prox_numerator(z, None, pen, ids, "s")
            x = rescale(num, (np.sqrt(v) + eps_t) / a + 2 * pen["lambda2"])  # line 14
            check_finite_state(("x",), x)
            v_prev = v
            out["x"].append(x.tolist())
            out["z"].append(z.tolist())
    except PortError as e:
        out["error"] = {"kind": e.kind, "step": t}
    return out


def sum_batch(batch, rows, d, t):
    """Validates batch t and sums the rows of each id in batch order from
    0.0 (README "Table cases", duplicates). Returns (touched ids ascending,
    their summed gradient rows). Order of the checks (README, "Invalid tfplus
    cases"; for the other table cases any order gives the same kind): the
    row count, then per position the id, the width, the values, then the
    sums."""
    ids, grads = batch["ids"], batch["grads"]
    if len(ids) != len(grads):
        raise PortError("shape-mismatch", "batch %d: %d ids, %d gradient rows" % (t, len(ids), len(grads)))
    for k, (i, row) in enumerate(zip(ids, grads)):
        if not 0 <= i < rows:
            raise PortError("id-out-of-range", "batch %d position %d: id %d outside 0..%d" % (t, k, i, rows - 1))
        check_vector(row, d, "batch %d position %d" % (t, k))
    touched = sorted(set(ids))
    sums = {i: np.zeros(d) for i in touched}
    for i, row in zip(ids, grads):
        sums[i] = np.array(row, dtype=np.float64) + (0.0 if LOOK_ALIKE == "last-row-wins" else sums[i])
    g = np.array([sums[i] for i in touched]).reshape(len(touched), d)
    # A sum of finite rows can overflow (1.5e308 + 1.5e308): the gradient the
    # row steps with is not finite. README reading: `non-finite-input` (a
    # non-finite "gradient row"), not `overflow` (whose list is V, sigma, z,
    # x); the tfplus section says so explicitly.
    if not np.all(np.isfinite(g)):
        raise PortError("overflow" if LOOK_ALIKE == "sum-overflow-is-overflow" else "non-finite-input", "batch %d: a summed gradient row is not finite" % t)
    return np.array(touched, dtype=np.int64), g


def run_table(group, case):
    d, pen = group["n"], group["penalty"]
    nrows, lazy = group["table"]["rows"], group["table"]["semantics"] == "lazy"
    lazy = lazy != (LOOK_ALIKE == "swap-semantics")
    out = {k: [] for k in FIELDS}
    t = 0
    try:
        check_hyper_parameters(group["rule"], pen)
        x1 = check_vector(case["x1"], d, "x1")
        rule = Rule(group["rule"], (nrows, d))
        X, Z = np.tile(x1, (nrows, 1)), np.zeros((nrows, d))
        S = rule.sigma0 * np.ones((nrows, d))  # sigma_{t-1} of every row
        M, V = np.zeros((nrows, d)), np.zeros((nrows, d))
        count = np.zeros(nrows, dtype=np.int64)  # updates per row (look-alike local-step)
        if LOOK_ALIKE == "late-row-zero" and case["batches"]:
            X[[i for i in range(nrows) if i not in case["batches"][0]["ids"]]] = 0.0
        for t, batch in enumerate(patched(case, "batches"), start=1):
            touched, gt = sum_batch(batch, nrows, d, t)
            rows = touched if lazy else np.arange(nrows)
            g = np.zeros((nrows, d))
            g[touched] = gt
            g = g[rows]
            if len(rows):
                ids = np.repeat(np.arange(len(rows)), d)  # every row one group
                count[rows] += 1
                t_rule = count[rows][:, None] if LOOK_ALIKE == "local-step" and lazy else t
                x, z, m, v, sigma = algorithm1_step(rule, t_rule, g, g, X[rows], Z[rows], S[rows], pen, ids,
                                                    group["threshold"], rows)
                X[rows], Z[rows], M[rows], V[rows], S[rows] = x, z, m, v, sigma
            for k, arr in zip(FIELDS, (X, Z, M, V, S)):
                out[k].append(arr[touched].ravel().tolist())
        out["table"] = X.tolist()
    except PortError as e:
        out["error"] = {"kind": e.kind, "step": t}
    return out


# ------------------------------------------------------------- tfplus kernels
TFPLUS_FIELDS = {
    "group-adam-v4": ("lr", "beta1", "beta2", "epsilon", "l1", "l2", "l21"),
    "group-adam-v3": ("lr", "beta1", "beta2", "epsilon", "l1", "l2", "l21"),
    "group-adam-v2": ("lr", "beta1", "beta2", "epsilon", "l1", "l2", "l21", "initial_accumulator_value"),
    "sparse-group-ftrl": ("lr", "l1", "l2", "l21", "l2_shrinkage", "beta", "initial_accumulator_value"),
    "group-sparse-ftrl-v2": ("lr", "l1", "l2", "l2_shrinkage", "initial_accumulator_value"),
}


def check_tfplus_kernel(k):
    """README "Invalid tfplus cases", step 0: lr <= 0, lr_decay <= 0, beta1
    or beta2 outside [0, 1), epsilon < 0, a lambda, l2_shrinkage, beta or
    initial_accumulator_value < 0; NaN anywhere."""
    bad = "invalid-hyper-parameter"
    for name in TFPLUS_FIELDS[k["kind"]] + ("lr_decay",):
        val = k[name]
        if math.isnan(val):
            raise PortError(bad, "%s is NaN" % name)
        if name in ("lr", "lr_decay"):
            ok = val > 0
        elif name in ("beta1", "beta2"):
            ok = 0.0 <= val < 1.0
        else:
            ok = val >= 0.0
        if not ok:
            raise PortError(bad, "%s = %r outside its domain" % (name, val))
    if k["blacklist"] not in ("off", "tfplus", "reset-slots"):
        raise ValueError(k["blacklist"])


def tfplus_prox(z, L1, C, Y):
    """PROX(L1, C, Y) of the README, per row (axis 1): the clip soft
    threshold, the strict group test N > C, the rescale by Y. Returns
    (w, zero-branch mask per row)."""
    s = np.minimum(np.maximum(z, -L1), L1) - z
    N = np.sqrt(np.sum(s * s, axis=1))
    keep = N > C
    safe = np.where(keep, N, 1.0)
    w = np.where(keep[:, None], (s * (1 - C / safe)[:, None]) / Y, 0.0)
    return w, ~keep


def run_tfplus(group, case):
    """A `kernel` group (README "tfplus kernel cases"): lazy rows, global
    step t, lr_t and the beta powers as running products."""
    k, d, nrows = group["kernel"], group["n"], group["table"]["rows"]
    kind = k["kind"]
    adam = kind.startswith("group-adam")
    fields = FIELDS if adam else ("x", "z", "v", "sigma")  # FTRL kernels: no m
    out = {f: [] for f in fields}
    t = 0
    try:
        check_tfplus_kernel(k)
        x1 = check_vector(case["x1"], d, "x1")
        n0 = k.get("initial_accumulator_value", 0.0)
        W, Z = np.tile(x1, (nrows, 1)), np.zeros((nrows, d))
        M, V = np.zeros((nrows, d)), np.zeros((nrows, d))
        NA = np.full((nrows, d), n0)  # the accum slot (v2 Adam, FTRL kernels)
        Y = np.zeros((nrows, d))  # y of each row's last update (field sigma)
        black = np.zeros(nrows, dtype=bool)
        seen = np.zeros(nrows, dtype=bool)  # look-alike tfplus-row-first-step
        lr_t, b1t, b2t = k["lr"], 1.0, 1.0
        for t, batch in enumerate(patched(case, "batches"), start=1):
            if t > 1 and LOOK_ALIKE != "tfplus-lr-decay-ignored":
                lr_t = lr_t * k["lr_decay"]
            if adam:
                b1t, b2t = b1t * k["beta1"], b2t * k["beta2"]
            rows, g = sum_batch(batch, nrows, d, t)
            if len(rows):
                if k["blacklist"] == "reset-slots" and LOOK_ALIKE != "tfplus-slots-kept":
                    reset = rows[black[rows]]
                    Z[reset], M[reset], V[reset], NA[reset] = 0.0, 0.0, 0.0, n0
                w, z, m, v, na = W[rows], Z[rows], M[rows], V[rows], NA[rows]
                if adam:
                    b1, b2, eps = k["beta1"], k["beta2"], k["epsilon"]
                    first = not b1 > b1t
                    if LOOK_ALIKE == "tfplus-row-first-step":
                        first = ~seen[rows][:, None]
                    m = b1 * m + (1 - b1) * g
                    v2 = b2 * v + (1 - b2) * g * g
                    if kind == "group-adam-v4":
                        L1, L2, L21 = k["l1"] * lr_t, k["l2"] * lr_t, k["l21"] * lr_t
                        if LOOK_ALIKE == "tfplus-v4-unscaled-lambdas":
                            L1, L2, L21 = k["l1"], k["l2"], k["l21"]
                        alpha = lr_t * np.sqrt(1 - b2t) / (1 - b1t)
                        q = np.where(first, np.sqrt(v2) + eps, np.sqrt(v2) - np.sqrt(v))
                        if LOOK_ALIKE == "tfplus-v4-eps-increment":
                            q = np.sqrt(v2) - np.sqrt(v) + np.where(first, eps, 0.0)
                        z = z + (alpha * m - q * w)
                        v = v2
                        y = np.sqrt(v2) + eps
                        w, zero = tfplus_prox(z, L1, L21 * np.sqrt(d), y + 2 * L2)
                    elif kind == "group-adam-v3":
                        a = np.sqrt(1 - b2t) / (1 - b1t)
                        q = np.sqrt(v2) - np.sqrt(v) + np.where(first, eps, 0.0)
                        z = z + (a * m - (q / lr_t) * w)
                        v = v2
                        y = (np.sqrt(v2) + eps) / lr_t
                        w, zero = tfplus_prox(z, k["l1"], k["l21"] * np.sqrt(d), y + 2 * k["l2"])
                    else:  # group-adam-v2
                        v = v2
                        n2 = v / (1 - b2t)
                        eps_t = eps / np.sqrt(1 - b2t)
                        q = np.sqrt(n2) - np.sqrt(na) + np.where(first, eps_t, 0.0)
                        z = z + (m / (1 - b1t) - (q / lr_t) * w)
                        y = (np.sqrt(n2) + eps_t) / lr_t
                        na = n2
                        w, zero = tfplus_prox(z, k["l1"], k["l21"] * np.sqrt(d), y + 2 * k["l2"])
                else:
                    g2 = g + 2 * k["l2_shrinkage"] * w
                    n2 = na + g2 * g2
                    z = z + (g2 - ((np.sqrt(n2) - np.sqrt(na)) / lr_t) * w)
                    y = np.sqrt(n2) / lr_t
                    if kind == "sparse-group-ftrl":
                        na = na + g2 * g2
                        l2_adj = k["l2"] + k["beta"] / (2 * max(lr_t, 1e-36))
                        w, zero = tfplus_prox(z, k["l1"], k["l21"] * np.sqrt(d), y + 2 * l2_adj)
                    else:  # group-sparse-ftrl-v2: on z itself, no sqrt(d)
                        N = np.sqrt(np.sum(z * z, axis=1))
                        keep = N > k["l1"]
                        safe = np.where(keep, N, 1.0)[:, None]
                        w = np.where(keep[:, None], ((k["l1"] - safe) / ((y + 2 * k["l2"]) * safe)) * z, 0.0)
                        zero = ~keep
                        na = na + g2 * g2
                        if not (k["single_accumulation"] or LOOK_ALIKE == "tfplus-single-accumulation"):
                            na = na + g2 * g2
                    v = na
                check_finite_state(("w", "z"), w, z)  # README: overflow if w or z is not finite
                W[rows], Z[rows], M[rows], V[rows], NA[rows], Y[rows] = w, z, m, v, na, y
                black[rows] = zero
                seen[rows] = True
            for f, arr in zip(FIELDS, (W, Z, M, V, Y)):
                if f in out:
                    out[f].append(arr[rows].ravel().tolist())
        out["table"] = W.tolist()
    except PortError as e:
        out["error"] = {"kind": e.kind, "step": t}
    return out


RUNS = {"algorithm1": run_algorithm1, "alg2-printed-v2": run_alg2_printed_v2, "table": run_table}


def main(argv):
    global LOOK_ALIKE
    if len(argv) > 2 and argv[1] == "--look-alike":
        if argv[2] not in LOOK_ALIKES:
            sys.exit("unknown look-alike %r; one of %s" % (argv[2], ", ".join(LOOK_ALIKES)))
        LOOK_ALIKE = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        sys.exit(__doc__)
    os.makedirs(argv[1], exist_ok=True)
    for path in argv[2:]:
        with open(path) as f:
            fixture = json.load(f)
        cases, errors = {}, 0
        with np.errstate(all="ignore"):  # overflow is detected, not warned about
            for group in fixture["testGroups"]:
                run = run_tfplus if "kernel" in group else RUNS[group["update"]]
                for case in group["tests"]:
                    res = run(group, case)
                    if "error" in res:
                        errors += 1
                        if not res["x"]:  # rejected at construction: no rows
                            res = {"error": res["error"]}
                    cases[str(case["tcId"])] = res
        out = os.path.join(argv[1], os.path.basename(path))
        with open(out, "w") as f:
            json.dump({"cases": cases}, f, allow_nan=False)
        print("%s: replayed %d cases (%d rejected with an error) -> %s"
              % (fixture["algorithm"], len(cases), errors, out))


if __name__ == "__main__":
    main(sys.argv)
