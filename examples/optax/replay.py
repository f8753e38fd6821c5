#!/usr/bin/env python3
"""Replay the sgl-oracle fixtures with the optax port, in float64 and float32.

For every fixture file given (default: every fixtures/*.json but the
schemas), runs each case the port supports (update "algorithm1" or "table";
Adam forms paper-v1, paper-v2, table1, tfplus; Adagrad forms paper-alg3,
eps-outside-sqrt, table1; AMSGrad forms table1, reddi; thresholds s and
s-tilde-exact) through the chained optax optimizer (moment rule, then the
proximal step; x_{t+1} = optax.apply_updates(x_t, updates)), writes one
trajectory per file and dtype, and checks it with fixtures/check.py
--allow-skipped. Every other case is listed under "skipped" with the reason.

Table cases (fixtures/README.md, "Table cases"): each batch is validated and
its repeated ids summed, then `dense_rows_update` (every row takes the step,
g = 0 when absent) or `lazy_rows_update` (the touched rows gathered, stepped
with the global t, scattered back); the trajectory holds the touched rows'
x, z, sigma per step and the final table. Invalid cases (`result:
invalid`): the port's PortError is reported as `error {kind, step}` after
the rows of the steps before it.

float64 must pass (exit 1 otherwise). Cases of `precision: "float32"` groups
(fixtures/f32_*.json) state a float32 tolerance per field (fieldTolerance):
their float32 replay must pass too (exit 1 otherwise). The other (float64
precision) cases state no float32 tolerance, so for those the float32 replay
is reported only: how many pass at the fixture's (float64) tolerance, the
worst relative error of x (over non-zero expected values), the worst error
relative to the case scale S = max |x|, |z|, and how many zero / non-zero
decisions differ.

usage: replay.py [--out DIR] [--selftest-only] [FIXTURE.json ...]
"""
import argparse
import functools
import glob
import json
import math
import os
import subprocess
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)  # before any array exists

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import group_optax as go  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.path.join(ROOT, "fixtures", "check.py")


def group_ids(spec, n):
    """fixtures/README.md `groups` -> group id per coordinate."""
    ids = np.full(n, -1, dtype=np.int64)
    if "rows" in spec:
        ids[:] = np.arange(n) // spec["rows"]
    elif "sizes" in spec:
        ids[:] = np.repeat(np.arange(len(spec["sizes"])), spec["sizes"])
    else:
        for g, members in enumerate(spec["lists"]):
            ids[np.asarray(members, dtype=np.int64)] = g
    if (ids < 0).any():
        raise ValueError("groups do not cover 0..n")
    return ids


def build(kind, form, threshold, hp, ids):
    """The chained optimizer and its moment rule; `hp` may be traced."""
    if kind == "adam":
        moments = go.group_adam_moments(hp["alpha"], hp["beta1"], hp["beta2"], hp["eps"], form)
    elif kind == "amsgrad":
        moments = go.group_amsgrad_moments(hp["alpha"], hp["beta1"], hp["beta2"], hp["eps"], form)
    else:
        moments = go.group_adagrad_moments(hp["alpha"], hp["eps"], form)
    prox = go.sparse_group_lasso(hp["lambda1"], hp["lambda21"], hp["lambda2"], ids, threshold)
    return optax.chain(moments, prox), moments


@functools.partial(jax.jit, static_argnames=("kind", "form", "threshold"))
def step(hp, ids, g, state, x, kind, form, threshold):
    """One step of the chained optimizer: x_{t+1} = apply_updates(x_t, updates).

    Also returns the moment rule's output (m_t, V_t), recomputed from the
    pre-step state, to report m and v.
    """
    tx, moments = build(kind, form, threshold, hp, ids)
    terms, _ = moments.update(g, state[0], x)
    updates, state = tx.update(g, state, x)
    return optax.apply_updates(x, updates), state, terms


def supported(group):
    """(kind, form, threshold, semantics) for a test group, or None and the reason it is not
    supported; semantics is None for update "algorithm1", "dense" or "lazy" for update "table"."""
    if "kernel" in group:
        return None, "tfplus kernel %s not implemented (this port is Algorithm 1 only)" % group["kernel"]["kind"]
    if group["update"] not in ("algorithm1", "table"):
        return None, "update %s (printed Algorithm 2 of paper v2) not implemented" % group["update"]
    if "kernel" in group:
        return None, "tfplus kernel %s not implemented" % group["kernel"]["kind"]
    if group["threshold"] not in ("s", "s-tilde-exact"):
        return None, "threshold %s not implemented" % group["threshold"]
    semantics = group["table"]["semantics"] if group["update"] == "table" else None
    rule = group["rule"]
    kind, form = rule["kind"], rule.get("form")
    if kind == "adam" and (form or "paper-v1") in go.ADAM_FORMS:
        return (kind, form or "paper-v1", group["threshold"], semantics), None
    if kind == "amsgrad" and (form or "table1") in go.AMSGRAD_FORMS:
        return (kind, form or "table1", group["threshold"], semantics), None
    if kind == "adagrad" and (form or {"form": "paper-alg3"})["form"] in go.ADAGRAD_FORMS:
        return (kind, (form or {"form": "paper-alg3"})["form"], group["threshold"], semantics), None
    return None, "rule %s form %s not implemented" % (kind, json.dumps(form))


NON_FINITE = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}


def patched_inputs(case):
    """The case's gradients (dense) or batches (table) with `nonFinite` patched in."""
    inputs = json.loads(json.dumps(case.get("gradients", case.get("batches"))))
    for p in case.get("nonFinite", []):
        if "position" in p:
            inputs[p["step"] - 1]["grads"][p["position"]][p["index"]] = NON_FINITE[p["value"]]
        else:
            inputs[p["step"] - 1][p["index"]] = NON_FINITE[p["value"]]
    return inputs


def check_hyper_parameters(kind, group):
    """The construction-time check of fixtures/README.md, "Invalid cases" (raises go.PortError)."""
    rule, pen = group["rule"], group["penalty"]
    betas = (rule.get("beta1"), rule.get("beta2")) if kind in ("adam", "amsgrad") else (None, None)
    go.check_hyper_parameters(rule["alpha"], pen["lambda1"], pen["lambda21"], pen["lambda2"], *betas,
                              eps=rule.get("eps", 0.0))


def rows_of(values):
    return [float(e) for e in np.asarray(values, np.float64).reshape(-1)]


def run_case(static, group, case, dtype):
    """Replays one dense case; returns {"x", "z", "m", "v", "sigma"} rows (as Python floats) and,
    for an input the port rejects, "error": {"kind", "step"} (the rows then hold the steps before)."""
    rule, pen = group["rule"], group["penalty"]
    out = {"x": [], "z": [], "m": [], "v": [], "sigma": []}
    try:
        check_hyper_parameters(static[0], group)
        go.check_vector("x1", case["x1"], group["n"])
    except go.PortError as e:
        return {"error": {"kind": e.kind, "step": 0}}
    hp = {k: jnp.asarray(v, dtype) for k, v in (
        ("alpha", rule["alpha"]), ("beta1", rule.get("beta1", 0.0)), ("beta2", rule.get("beta2", 0.0)),
        ("eps", rule.get("eps", 0.0)), ("lambda1", pen["lambda1"]), ("lambda21", pen["lambda21"]),
        ("lambda2", pen["lambda2"]))}
    ids = jnp.asarray(group_ids(group["groups"], group["n"]), jnp.int32)
    x = jnp.asarray(case["x1"], dtype)
    tx, _ = build(*static[:3], hp, ids)
    state = tx.init(x)
    for t, g in enumerate(patched_inputs(case), 1):
        try:
            go.check_vector("g_%d" % t, g, group["n"])
            with np.errstate(over="ignore"):  # 1e200 in float32 is inf: rejected just below
                g = jnp.asarray(g, dtype)
            go.check_vector("g_%d in %s" % (t, np.dtype(dtype).name), g, group["n"])
            x_new, state_new, terms = step(hp, ids, g, state, x, *static[:3])
            go.check_step_result(x_new, state_new, terms.sigma, pen["lambda2"])
        except go.PortError as e:
            out["error"] = {"kind": e.kind, "step": t}
            return out
        x, state = x_new, state_new
        for k, val in (("x", x), ("z", state[1].z), ("m", terms.m), ("v", terms.v), ("sigma", terms.sigma)):
            out[k].append(rows_of(val))
    return out


def run_table_case(static, group, case, dtype):
    """Replays one table case (fixtures/README.md, "Table cases"): per step the touched rows'
    x, z, sigma concatenated in ascending id order, and the final table; or "error"."""
    kind, form, threshold, semantics = static
    rule, pen = group["rule"], group["penalty"]
    out = {"x": [], "z": [], "sigma": []}
    lam = (pen["lambda1"], pen["lambda21"], pen["lambda2"])
    try:
        if kind == "adam":
            tx = go.group_adam(rule["alpha"], rule["beta1"], rule["beta2"], rule.get("eps", 0.0), *lam,
                               form=form, threshold=threshold)
        elif kind == "amsgrad":
            tx = go.group_amsgrad(rule["alpha"], rule["beta1"], rule["beta2"], rule.get("eps", 0.0), *lam,
                                  form=form, threshold=threshold)
        else:
            tx = go.group_adagrad(rule["alpha"], rule.get("eps", 0.0), *lam, form=form, threshold=threshold)
        go.check_vector("x1", case["x1"], group["n"])
    except go.PortError as e:
        return {"error": {"kind": e.kind, "step": 0}}
    table = jnp.tile(jnp.asarray(case["x1"], dtype)[None, :], (group["table"]["rows"], 1))
    state = tx.init(table)
    update = go.lazy_rows_update if semantics == "lazy" else go.dense_rows_update
    for t, batch in enumerate(patched_inputs(case), 1):
        try:
            new_table, new_state, rows = update(tx, table, state, batch["ids"], batch["grads"])
            go.check_step_result(new_table, new_state, new_state[1].sigma, pen["lambda2"])
        except go.PortError as e:
            out["error"] = {"kind": e.kind, "step": t}
            return out
        table, state = new_table, new_state
        for k, val in (("x", table), ("z", state[1].z), ("sigma", state[1].sigma)):
            out[k].append(rows_of(np.asarray(val)[rows]))
    out["table"] = [rows_of(r) for r in np.asarray(table)]
    return out


def check(fixture_path, traj_path):
    """Runs fixtures/check.py; returns (exit code, summary counts, FAIL lines)."""
    p = subprocess.run([sys.executable, CHECK, "--allow-skipped", "--fixture", fixture_path,
                        "--trajectory", traj_path], capture_output=True, text=True)
    lines = p.stdout.splitlines()
    summary = lines[-1] if lines else p.stderr.strip()
    fails = [l for l in lines if l.startswith("FAIL")]
    return p.returncode, summary, fails


def errors(fixture, cases):
    """Worst errors of x against the fixture: (rel over e != 0, rel to S, zero flips, and over the
    cases with a fieldTolerance (float32 groups) the worst error / fieldTolerance.x.abs)."""
    worst_rel = worst_scaled = worst_tol = 0.0
    flips = 0
    for group in fixture["testGroups"]:
        for case in group["tests"]:
            got = cases.get(str(case["tcId"]))
            if got is None:
                continue
            scale = max([abs(v) for st in case["expected"] for k in ("x", "z") for v in st[k]] + [1e-300])
            tol_x = case["fieldTolerance"]["x"]["abs"] if "fieldTolerance" in case else None
            for st, row in zip(case["expected"], got.get("x", [])):
                for e, a in zip(st["x"], row):
                    if tol_x:
                        worst_tol = max(worst_tol, abs(a - e) / tol_x)
                    if (e == 0.0) != (a == 0.0):
                        flips += 1
                    if e != 0.0:
                        worst_rel = max(worst_rel, abs(a - e) / abs(e))
                    worst_scaled = max(worst_scaled, abs(a - e) / scale)
    return worst_rel, worst_scaled, flips, worst_tol


def fail_ids(fails):
    """tcIds of check.py FAIL lines ("FAIL tcId 7: ...")."""
    return {l.split()[2].rstrip(":") for l in fails}


def replay_file(path, out_dir):
    with open(path) as f:
        fixture = json.load(f)
    name = os.path.splitext(os.path.basename(path))[0]
    result = {"file": os.path.basename(path), "cases": fixture["numberOfTests"]}
    # Cases of precision "float32" groups state a float32 tolerance
    # (fieldTolerance): their float32 replay must pass too. Other cases are
    # float64 only; their float32 replay is reported, not required.
    f32_ids = {str(c["tcId"]) for g in fixture["testGroups"] if g.get("precision") == "float32"
               for c in g["tests"]}
    for dtype, label in ((jnp.float64, "float64"), (jnp.float32, "float32")):
        cases, skipped = {}, {}
        for group in fixture["testGroups"]:
            static, why = supported(group)
            for case in group["tests"]:
                tc = str(case["tcId"])
                if static is None:
                    skipped[tc] = why
                elif static[3] is None:
                    cases[tc] = run_case(static, group, case, dtype)
                else:
                    cases[tc] = run_table_case(static, group, case, dtype)
        traj = os.path.join(out_dir, "%s.%s.json" % (name, label))
        with open(traj, "w") as f:
            json.dump({"cases": cases, "skipped": skipped}, f)
        code, summary, fails = check(path, traj)
        passed = int(summary.split(": ")[1].split(" passed")[0]) if " passed" in summary else 0
        required = set(cases) if label == "float64" else set(cases) & f32_ids
        bad = sorted(required & fail_ids(fails), key=int)
        if label == "float64" and code != 0 and not bad:
            bad = ["(check.py exit %d: %s)" % (code, summary)]
        result[label] = {"run": len(cases), "skipped": len(skipped), "passed": passed, "code": code,
                         "summary": summary, "fails": [l for l in fails if l.split()[2].rstrip(":") in bad] or fails,
                         "errors": errors(fixture, cases), "required": len(required), "bad": bad}
    return result


def selftest_rows():
    """lazy_rows_update == dense_rows_update when every row is touched; untouched rows do not move;
    the global step advances on every call (also an empty batch); a bad batch raises PortError."""
    rows, d = 3, 2
    rng = np.random.default_rng(7)
    table = jnp.asarray(rng.normal(size=(rows, d)))
    grads = [rng.normal(size=(rows, d)) for _ in range(4)]
    for make in (lambda: go.group_adam(0.1, 0.9, 0.999, 1e-3, 0.01, 0.05, 0.01),
                 lambda: go.group_adagrad(0.1, 0.1, 0.01, 0.05, 0.01)):
        tx = make()
        xd, sd = table, tx.init(table)
        xl, sl = table, tx.init(table)
        for g in grads:
            xd, sd, _ = go.dense_rows_update(tx, xd, sd, [0, 1, 2], list(g))
            # every row, shuffled, row 1 twice (its second gradient is 0: the sum is exact)
            xl, sl, touched = go.lazy_rows_update(tx, xl, sl, [2, 1, 0, 1], [g[2], g[1], g[0], np.zeros(d)])
            if touched.tolist() != [0, 1, 2]:
                raise AssertionError("touched ids %s" % touched.tolist())
        if not np.array_equal(np.asarray(xd), np.asarray(xl)):
            raise AssertionError("lazy_rows_update over every row differs from the dense step")
        xl2, sl2, _ = go.lazy_rows_update(tx, xl, sl, [0, 0], [grads[0][0], grads[1][0]])
        if not np.array_equal(np.asarray(xl2)[1:], np.asarray(xl)[1:]) or np.array_equal(np.asarray(xl2), xl):
            raise AssertionError("an untouched row moved, or the touched row did not")
        if int(sl2[0].count) != len(grads) + 1:
            raise AssertionError("global step %d after %d calls" % (int(sl2[0].count), len(grads) + 1))
        xl3, sl3, _ = go.lazy_rows_update(tx, xl, sl, [], np.zeros((0, d)))
        if xl3 is not xl or int(sl3[0].count) != len(grads) + 1:
            raise AssertionError("an empty batch changed the table or did not advance the step")
        for ids, g, kind in (([3], [np.zeros(d)], "id-out-of-range"), ([0, 1], [np.zeros(d)], "shape-mismatch"),
                             ([0], [np.array([np.nan, 0.0])], "non-finite-input")):
            try:
                go.lazy_rows_update(tx, xl, sl, ids, g)
            except go.PortError as e:
                if e.kind != kind:
                    raise AssertionError("%s raised %s, not %s" % (ids, e.kind, kind))
            else:
                raise AssertionError("a bad batch (%s) was accepted" % kind)
    print("selftest: lazy_rows_update equals dense_rows_update over every row (Adam, Adagrad), "
          "leaves untouched rows, advances the global step (also on an empty batch), rejects bad batches")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("fixtures", nargs="*")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "optax-replay"))
    ap.add_argument("--selftest-only", action="store_true")
    args = ap.parse_args(argv)
    selftest_rows()
    if args.selftest_only:
        return 0
    # Every fixture file (not the schemas).
    skip = ("schema",)
    files = args.fixtures or sorted(p for p in glob.glob(os.path.join(ROOT, "fixtures", "*.json"))
                                    if not os.path.basename(p).startswith(skip))
    os.makedirs(args.out, exist_ok=True)
    print("jax %s, optax %s; trajectories in %s" % (jax.__version__, optax.__version__, args.out))
    print("%-24s %5s | %-21s | %-34s %-9s %-9s %s" % ("file", "cases", "float64 run/pass", "float32 run/pass",
                                                      "rel err", "err/S", "zero flips"))
    ok = True
    start = time.time()
    for path in files:
        r = replay_file(path, args.out)
        d, s = r["float64"], r["float32"]
        good = not d["bad"] and d["passed"] == d["run"]
        good32 = not s["bad"]
        ok &= good and good32
        print("%-24s %5d | %3d run %3d pass %-5s | %3d run %3d pass (%3d required) %-5s %.1e   %.1e   %d"
              % (r["file"], r["cases"], d["run"], d["passed"], "" if good else "FAIL", s["run"], s["passed"],
                 s["required"], "" if good32 else "FAIL", s["errors"][0], s["errors"][1], s["errors"][2]))
        for label, res, g in (("float64", d, good), ("float32", s, good32)):
            if not g:
                for line in res["fails"][:10]:
                    print("    %s %s" % (label, line))
        if d["run"]:
            print("    float64 worst: rel err %.1e, err/S %.1e" % d["errors"][:2])
        if s["required"]:
            print("    float32 worst x error / fieldTolerance.x: %.1e" % s["errors"][3])
    print("%.0f s" % (time.time() - start))
    if not ok:
        print("FAIL: a supported case fails in float64, or a float32-precision case fails in float32 (see above)")
        return 1
    print("float64: every supported case passes fixtures/check.py; float32: every supported case of a "
          "precision float32 group passes at its fieldTolerance")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
