"""Group Adam, Group Adagrad (and Group AMSGrad) as optax GradientTransformations.

Written from the paper (Yue et al., "Adaptive Optimizers with Sparse Group
Lasso for Neural Networks in CTR Prediction", v2: Algorithm 1, Table 1,
Algorithms 2-3) and fixtures/README.md, not from the Rust code.

An optimizer is two transformations chained:

1. a *moment rule* (``group_adam_moments`` / ``group_adagrad_moments`` /
   ``group_amsgrad_moments``):
   lines 3-4 of Algorithm 1 for one rule. It turns the gradient g_t into
   ``MomentTerms(m=m_t, sigma=sigma_t, v=V_t)`` with
   ``sigma_t = sqrt(V_t)/alpha_t`` including the rule's eps, so that
   ``Q_t/alpha_t = sigma_t - sigma_{t-1}`` (line 5).
2. the *proximal step* ``sparse_group_lasso`` (lines 5-10): keeps z_t and
   sigma_{t-1}, and returns ``updates = x_{t+1} - x_t``, so
   ``optax.apply_updates(params, updates)`` gives x_{t+1}.

``group_adam(...)`` / ``group_adagrad(...)`` chain the two. Parameters are
dense arrays (any pytree); groups are given per leaf as an integer array of
group ids (default: each row of a >= 2-D leaf is a group, e.g. an embedding
row; each element of a 0-/1-D leaf is its own group). ``lazy_rows_update``
applies an optimizer to the rows of an embedding table touched by a batch
("Lazy" semantics: untouched rows and their state do not move; duplicate ids
have their gradients summed; the step count t is global) and ``dense_rows_update``
the paper's semantics (every row takes every step, g = 0 when absent).

All arithmetic is in the dtype of the parameters (float32 or float64; for
float64 call ``jax.config.update("jax_enable_x64", True)`` before any array).
"""
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import optax

# --------------------------------------------------------------- moment rules


class _Out:
    """Per-leaf results (deliberately not a pytree node)."""

    def __init__(self, *values):
        self.values = values


def _unzip(out, k):
    """Component k of a tree of _Out."""
    return jax.tree_util.tree_map(lambda o: o.values[k], out, is_leaf=lambda o: isinstance(o, _Out))


class MomentTerms(NamedTuple):
    """What a moment rule hands to the proximal step (pytrees like params)."""

    m: Any  # m_t [Alg1:L4]
    sigma: Any  # sqrt(V_t)/alpha_t with the rule's eps = sum_{s<=t} Q_s/alpha_s [Alg1:L5]
    v: Any  # V_t as the rule defines it, before eps (reported, not used by the step)


class AdamMomentState(NamedTuple):
    count: Any  # t (int32 scalar: the global step, also for lazy tables)
    m_hat: Any
    v_hat: Any


ADAM_FORMS = ("paper-v1", "paper-v2", "table1", "tfplus")


def group_adam_moments(learning_rate, b1, b2, eps, form="paper-v1"):
    """The Adam rule of Algorithm 2 (and Table 1), as a moment rule.

    m^_t = b1 m^_{t-1} + (1-b1) g_t,  V^_t = b2 V^_{t-1} + (1-b2) g_t^2 [Alg2:L4,L6]
    form "paper-v1": m_t = m^_t/(1-b1^t), V_t = V^_t/(1-b2^t), alpha_t = alpha,
                     root sqrt(V_t) + eps                 (Algorithm 2, paper v1)
    form "paper-v2": as paper-v1 but root sqrt(V_t) + eps/sqrt(1-b2^t) at every t
                     (Algorithm 2 line 8 of paper v2, made an instance of Algorithm 1)
    form "table1":   m_t = m^_t, V_t = V^_t, alpha_t = alpha sqrt(1-b2^t)/(1-b1^t),
                     root sqrt(V_t) + eps                 (Table 1, Adam row)
    form "tfplus":   m_t = m^_t sqrt(1-b2^t)/(1-b1^t), V_t = V^_t, alpha_t = alpha,
                     root sqrt(V_t) + eps                 (fixtures/README.md, Rule conventions)
    """
    if form not in ADAM_FORMS:
        raise ValueError("Adam form %r not supported" % (form,))

    def init(params):
        count_of = lambda p: jnp.zeros((), jnp.int32)  # the global step t
        return AdamMomentState(
            count=jax.tree_util.tree_map(count_of, params),
            m_hat=jax.tree_util.tree_map(jnp.zeros_like, params),
            v_hat=jax.tree_util.tree_map(jnp.zeros_like, params),
        )

    def leaf(g, t, m_hat, v_hat):
        dt = g.dtype
        c = lambda v: jnp.asarray(v, dt)
        beta1, beta2, alpha, e = c(b1), c(b2), c(learning_rate), c(eps)
        t = t + 1
        m_hat = beta1 * m_hat + (c(1) - beta1) * g
        v_hat = beta2 * v_hat + (c(1) - beta2) * (g * g)
        bc1 = c(1) - beta1 ** t.astype(dt)
        bc2 = c(1) - beta2 ** t.astype(dt)
        if form == "table1":
            m, v = m_hat, v_hat
            alpha_t = alpha * jnp.sqrt(bc2) / bc1
            root = jnp.sqrt(v) + e
        elif form == "tfplus":
            m, v = m_hat * jnp.sqrt(bc2) / bc1, v_hat
            alpha_t = alpha
            root = jnp.sqrt(v) + e
        else:
            m, v = m_hat / bc1, v_hat / bc2
            alpha_t = alpha
            root = jnp.sqrt(v) + (e / jnp.sqrt(bc2) if form == "paper-v2" else e)
        return _Out(t, m_hat, v_hat, m, root / alpha_t, v)

    def update(grads, state, params=None):
        del params
        out = jax.tree_util.tree_map(leaf, grads, state.count, state.m_hat, state.v_hat)
        terms = MomentTerms(_unzip(out, 3), _unzip(out, 4), _unzip(out, 5))
        return terms, AdamMomentState(_unzip(out, 0), _unzip(out, 1), _unzip(out, 2))

    return optax.GradientTransformation(init, update)


class AdagradMomentState(NamedTuple):
    count: Any
    acc: Any  # sum of g_s^2 (plus eps for paper-alg3)


ADAGRAD_FORMS = ("paper-alg3", "eps-outside-sqrt", "table1")


def group_adagrad_moments(learning_rate, eps, form="paper-alg3"):
    """The Adagrad rule of Algorithm 3 (and Table 1), as a moment rule; m_t = g_t.

    form "paper-alg3":       V_1 = g_1^2 + eps, V_t = V_{t-1} + g_t^2, alpha_t = alpha,
                             root sqrt(V_t)                            (Algorithm 3)
    form "eps-outside-sqrt": V_t = sum g_s^2, root sqrt(V_t) + eps, alpha_t = alpha (PyTorch)
    form "table1":           V_t = (eps + sum g_s^2)/t, alpha_t = alpha/sqrt(t)   (Table 1)
    """
    if form not in ADAGRAD_FORMS:
        raise ValueError("Adagrad form %r not supported" % (form,))

    def init(params):
        count_of = lambda p: jnp.zeros((), jnp.int32)  # the global step t
        return AdagradMomentState(
            count=jax.tree_util.tree_map(count_of, params),
            acc=jax.tree_util.tree_map(jnp.zeros_like, params),
        )

    def leaf(g, t, acc):
        dt = g.dtype
        c = lambda v: jnp.asarray(v, dt)
        alpha, e = c(learning_rate), c(eps)
        t = t + 1
        if form == "paper-alg3":
            acc = acc + g * g + jnp.where(t == 1, e, c(0))  # [Alg3:L5]
            v, root, alpha_t = acc, jnp.sqrt(acc), alpha
        elif form == "eps-outside-sqrt":
            acc = acc + g * g
            v, root, alpha_t = acc, jnp.sqrt(acc) + e, alpha
        else:
            acc = acc + g * g
            tf = t.astype(dt)
            v = (e + acc) / tf
            root, alpha_t = jnp.sqrt(v), alpha / jnp.sqrt(tf)
        return _Out(t, acc, g, root / alpha_t, v)

    def update(grads, state, params=None):
        del params
        out = jax.tree_util.tree_map(leaf, grads, state.count, state.acc)
        terms = MomentTerms(_unzip(out, 2), _unzip(out, 3), _unzip(out, 4))
        return terms, AdagradMomentState(_unzip(out, 0), _unzip(out, 1))

    return optax.GradientTransformation(init, update)


class AmsgradMomentState(NamedTuple):
    count: Any
    m_hat: Any
    v_hat: Any  # the moving average of g^2 (form "reddi"; unused by "table1")
    v_max: Any  # V_t


AMSGRAD_FORMS = ("table1", "reddi")


def group_amsgrad_moments(learning_rate, b1, b2, eps, form="table1"):
    """The AMSGrad row of Table 1 (and Reddi et al. 2018), as a moment rule.

    m^_t = b1 m^_{t-1} + (1-b1) g_t, m_t = m^_t (no bias correction of m)
    form "table1": V_t = max(V_{t-1}, b2 V_{t-1} + (1-b2) g_t^2) (the average runs on
                   the maximised sequence), alpha_t = alpha sqrt(1-b2^t)/(1-b1^t),
                   root sqrt(V_t) + eps                  (paper v2, Table 1, AMSGRAD row)
    form "reddi":  v^_t = b2 v^_{t-1} + (1-b2) g_t^2, V_t = max(V_{t-1}, v^_t),
                   alpha_t = alpha, root sqrt(V_t) + eps  (Reddi et al., Algorithm 2)
    """
    if form not in AMSGRAD_FORMS:
        raise ValueError("AMSGrad form %r not supported" % (form,))

    def init(params):
        count_of = lambda p: jnp.zeros((), jnp.int32)  # the global step t
        zeros = lambda: jax.tree_util.tree_map(jnp.zeros_like, params)
        return AmsgradMomentState(count=jax.tree_util.tree_map(count_of, params), m_hat=zeros(), v_hat=zeros(),
                                  v_max=zeros())

    def leaf(g, t, m_hat, v_hat, v_max):
        dt = g.dtype
        c = lambda v: jnp.asarray(v, dt)
        beta1, beta2, alpha, e = c(b1), c(b2), c(learning_rate), c(eps)
        t = t + 1
        g2 = g * g
        m_hat = beta1 * m_hat + (c(1) - beta1) * g
        if form == "table1":
            v_max = jnp.maximum(v_max, beta2 * v_max + (c(1) - beta2) * g2)
            alpha_t = alpha * jnp.sqrt(c(1) - beta2 ** t.astype(dt)) / (c(1) - beta1 ** t.astype(dt))
        else:
            v_hat = beta2 * v_hat + (c(1) - beta2) * g2
            v_max = jnp.maximum(v_max, v_hat)
            alpha_t = alpha
        return _Out(t, m_hat, v_hat, v_max, m_hat, (jnp.sqrt(v_max) + e) / alpha_t, v_max)

    def update(grads, state, params=None):
        del params
        out = jax.tree_util.tree_map(leaf, grads, state.count, state.m_hat, state.v_hat, state.v_max)
        terms = MomentTerms(_unzip(out, 4), _unzip(out, 5), _unzip(out, 6))
        return terms, AmsgradMomentState(_unzip(out, 0), _unzip(out, 1), _unzip(out, 2), _unzip(out, 3))

    return optax.GradientTransformation(init, update)


# ---------------------------------------------------------- the proximal step


class ProxState(NamedTuple):
    z: Any  # z_{t-1} [Alg1:L6]
    sigma: Any  # sigma_{t-1} = sqrt(V_{t-1})/alpha_{t-1} (0 before step 1: V_0 = 0)


def default_group_ids(p):
    """Each row of a >= 2-D leaf is a group; each element of a 0-/1-D leaf is one."""
    p = np.asarray(p)
    if p.ndim >= 2:
        return np.broadcast_to(np.arange(p.shape[0]).reshape((-1,) + (1,) * (p.ndim - 1)), p.shape)
    return np.arange(p.size).reshape(p.shape)


def sparse_group_lasso(l1, l21, l2, group_ids=None, threshold="s"):
    """Lines 5-10 of Algorithm 1 after any moment rule.

    z_t = z_{t-1} + m_t - (sigma_t - sigma_{t-1}) x_t                 [Alg1:L5-6]
    s_i = 0 if |z_i| <= l1 else sign(z_i) l1 - z_i                    [Alg1:L8]
    x_{t+1} = (sigma_t + 2 l2)^{-1} max(1 - sqrt(d_g) l21/||s^g||, 0) s [Alg1:L10]
    threshold "s": ||s^g|| as printed; "s-tilde-exact": ||A^{-1/2} s^g|| with
    A = sigma_t/2 + l2 (the exact minimiser of Eq. (6); fixtures/README.md).
    The group is zeroed when the norm is <= sqrt(d_g) l21.
    ``group_ids``: pytree like params of integer arrays (ids in 0..size-1), or None.
    Returns updates = x_{t+1} - x_t.
    """
    if threshold not in ("s", "s-tilde-exact"):
        raise ValueError("threshold %r not supported" % (threshold,))

    def init(params):
        zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
        return ProxState(z=zeros, sigma=jax.tree_util.tree_map(jnp.zeros_like, params))

    def leaf(x, m, sigma, z_prev, sigma_prev, ids):
        dt = x.dtype
        c = lambda v: jnp.asarray(v, dt)
        lam1, lam21, lam2 = c(l1), c(l21), c(l2)
        # Group ids may be traced (jit): size the segment sums by the number
        # of elements, an upper bound on the number of groups (empty
        # segments have norm 0 and size 0 and are never gathered).
        ids = jnp.asarray(ids).reshape(-1)
        groups = ids.size
        z = z_prev + m - (sigma - sigma_prev) * x
        s = jnp.where(jnp.abs(z) <= lam1, c(0), jnp.sign(z) * lam1 - z)
        flat_s = s.reshape(-1)
        if threshold == "s":
            sq = flat_s * flat_s
        else:
            a = (sigma / c(2) + lam2).reshape(-1)
            sq = jnp.where(flat_s == 0, c(0), flat_s * flat_s / a)
        norm = jnp.sqrt(jax.ops.segment_sum(sq, ids, num_segments=groups))
        d = jax.ops.segment_sum(jnp.ones_like(flat_s), ids, num_segments=groups)  # d_g, exact
        limit = jnp.sqrt(d) * lam21
        factor = jnp.where(norm <= limit, c(0), c(1) - limit / jnp.where(norm == 0, c(1), norm))
        num = (factor[ids] * flat_s).reshape(x.shape)
        x_new = jnp.where(num == 0, c(0), num / (sigma + c(2) * lam2))
        return _Out(x_new - x, z)

    def update(terms, state, params):
        if params is None:
            raise ValueError("sparse_group_lasso needs the parameters (x_t)")
        ids = group_ids if group_ids is not None else jax.tree_util.tree_map(default_group_ids, params)
        out = jax.tree_util.tree_map(leaf, params, terms.m, terms.sigma, state.z, state.sigma, ids)
        return _unzip(out, 0), ProxState(z=_unzip(out, 1), sigma=terms.sigma)

    return optax.GradientTransformation(init, update)


def group_adam(learning_rate, b1, b2, eps, l1, l21, l2, form="paper-v1", group_ids=None, threshold="s"):
    """Group Adam (Algorithm 2): Adam moments, then the sparse-group-lasso step."""
    if _concrete(learning_rate, b1, b2, eps, l1, l21, l2):  # Python numbers: validated at construction
        check_hyper_parameters(learning_rate, l1, l21, l2, b1, b2, eps)
    return optax.chain(group_adam_moments(learning_rate, b1, b2, eps, form),
                       sparse_group_lasso(l1, l21, l2, group_ids, threshold))


def group_amsgrad(learning_rate, b1, b2, eps, l1, l21, l2, form="table1", group_ids=None, threshold="s"):
    """Group AMSGrad (Algorithm 1 with the AMSGrad row of Table 1)."""
    if _concrete(learning_rate, b1, b2, eps, l1, l21, l2):  # Python numbers: validated at construction
        check_hyper_parameters(learning_rate, l1, l21, l2, b1, b2, eps)
    return optax.chain(group_amsgrad_moments(learning_rate, b1, b2, eps, form),
                       sparse_group_lasso(l1, l21, l2, group_ids, threshold))


def group_adagrad(learning_rate, eps, l1, l21, l2, form="paper-alg3", group_ids=None, threshold="s"):
    """Group Adagrad (Algorithm 3): Adagrad moments, then the sparse-group-lasso step."""
    if _concrete(learning_rate, eps, l1, l21, l2):  # Python numbers: validated at construction
        check_hyper_parameters(learning_rate, l1, l21, l2, eps=eps)
    return optax.chain(group_adagrad_moments(learning_rate, eps, form),
                       sparse_group_lasso(l1, l21, l2, group_ids, threshold))


# --------------------------------------------------------- input validation


class PortError(ValueError):
    """An input the fixtures' README says a port must reject; ``kind`` is its error kind
    (``invalid-hyper-parameter``, ``non-finite-input``, ``shape-mismatch``, ``id-out-of-range``,
    ``no-minimiser``, ``overflow``; fixtures/README.md, "Invalid cases")."""

    def __init__(self, kind, message):
        super().__init__("%s: %s" % (kind, message))
        self.kind = kind


def check_hyper_parameters(alpha, l1, l21, l2, b1=None, b2=None, eps=0.0):
    """Raises PortError("invalid-hyper-parameter") for alpha <= 0 (or non-finite), beta1 or
    beta2 outside [0, 1), a negative or non-finite lambda1, lambda21, lambda2 or eps."""
    def bad(name, value, why):
        raise PortError("invalid-hyper-parameter", "%s = %r: %s" % (name, value, why))

    if not (np.isfinite(alpha) and alpha > 0):
        bad("alpha", alpha, "must be finite and > 0")
    for name, value in (("beta1", b1), ("beta2", b2)):
        if value is not None and not (0 <= value < 1):
            bad(name, value, "must lie in [0, 1)")
    for name, value in (("lambda1", l1), ("lambda21", l21), ("lambda2", l2), ("eps", eps)):
        if not (np.isfinite(value) and value >= 0):
            bad(name, value, "must be finite and >= 0")


def check_vector(name, value, length):
    """Raises PortError for a vector (x1, a gradient) of the wrong length or with NaN / inf."""
    value = np.asarray(value, np.float64)
    if value.ndim != 1 or value.shape[0] != length:
        raise PortError("shape-mismatch", "%s has shape %s, expected (%d,)" % (name, value.shape, length))
    if not np.isfinite(value).all():
        raise PortError("non-finite-input", "%s is not finite at %d" % (name, int(np.argmin(np.isfinite(value)))))


def check_step_result(x_new, state, sigma, l2):
    """After a step from finite inputs: a non-finite x, z, sigma or moment is an error.

    ``no-minimiser`` if a non-finite x_{t+1,i} sits where the curvature sigma_{t,i} + 2 lambda2
    is 0 (line 10 divides by zero), ``overflow`` otherwise.
    """
    xs = jax.tree_util.tree_leaves(x_new)
    sig = jax.tree_util.tree_leaves(sigma)
    for x, s in zip(xs, sig):
        x, s = np.asarray(x), np.asarray(s)
        if (~np.isfinite(x) & (s + 2 * np.asarray(l2, s.dtype) == 0)).any():
            raise PortError("no-minimiser", "line 10 divides a non-zero s by sigma + 2 lambda2 = 0")
    for leaf in xs + jax.tree_util.tree_leaves(state):
        leaf = np.asarray(leaf)
        if leaf.dtype.kind == "f" and not np.isfinite(leaf).all():
            raise PortError("overflow", "an intermediate (V, sigma, z or x) is not finite")


def _concrete(*values):
    return all(isinstance(v, (int, float)) for v in values)


# --------------------------------------------------------- embedding rows


def sum_duplicates(ids, row_grads, rows, width, dtype):
    """Validates a sparse batch and sums the rows of repeated ids.

    ``ids[k]`` is a row id in 0..rows-1, ``row_grads[k]`` its gradient row of length ``width``.
    Returns (distinct ids ascending, their summed gradient rows): the rows of an id are summed
    in batch order starting from 0.0 (fixtures/README.md, "Table cases"). Raises PortError:
    ``shape-mismatch`` (not one row per id, a row of another width), ``id-out-of-range``,
    ``non-finite-input`` (a NaN / inf entry, or a sum that overflows).
    """
    ids = list(ids)
    row_grads = list(row_grads)
    if len(ids) != len(row_grads):
        raise PortError("shape-mismatch", "%d ids but %d gradient rows" % (len(ids), len(row_grads)))
    for k, (i, g) in enumerate(zip(ids, row_grads)):
        if not (isinstance(i, (int, np.integer)) and 0 <= i < rows):
            raise PortError("id-out-of-range", "id %r at position %d outside 0..%d" % (i, k, rows - 1))
        check_vector("gradient row at position %d" % k, g, width)
    distinct = sorted(set(int(i) for i in ids))
    pos = {r: k for k, r in enumerate(distinct)}
    acc = np.zeros((len(distinct), width), dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        for i, g in zip(ids, row_grads):
            acc[pos[int(i)]] = acc[pos[int(i)]] + np.asarray(g, np.float64).astype(dtype)
    if not np.isfinite(acc).all():
        raise PortError("non-finite-input", "a gradient (or the sum of a repeated id's rows) is not finite")
    return np.asarray(distinct, np.int64), acc


def _advance_count(state):
    """The global step advances (scalar integer leaves: the moment rules' counts)."""
    return jax.tree_util.tree_map(
        lambda leaf: leaf + 1 if getattr(leaf, "ndim", 1) == 0 and jnp.issubdtype(leaf.dtype, jnp.integer)
        else leaf, state)


def lazy_rows_update(tx, table, state, ids, row_grads):
    """One step of ``tx`` on the rows of ``table`` named in ``ids`` ("Lazy" semantics).

    ``tx`` is built with the default (row) groups and ``state = tx.init(table)``.
    ``row_grads[k]`` is the gradient of row ``ids[k]``; the rows of a repeated id are summed
    (``sum_duplicates``). The touched rows and their state are gathered, take one step whose t
    is the global step (the state's scalar count; every call advances it by one, also for an
    empty batch), and are scattered back; other rows and their state do not change. A row first
    touched late starts from the table's initial value with zero state (its state was never
    written). Returns ``(new_table, new_state, touched ids ascending)``. Raises PortError for a
    bad batch (``sum_duplicates``); the table and state are then unchanged (returned anew only on
    success).
    """
    rows, grads = sum_duplicates(ids, row_grads, table.shape[0], table.shape[1], np.dtype(table.dtype))
    if rows.size == 0:
        return table, _advance_count(state), rows
    take = lambda leaf: leaf[rows] if getattr(leaf, "ndim", 0) >= 1 else leaf
    sub_state = jax.tree_util.tree_map(take, state)
    sub_table = table[rows]
    upd, sub_state = tx.update(jnp.asarray(grads), sub_state, sub_table)
    new_rows = optax.apply_updates(sub_table, upd)
    put = lambda full, sub: full.at[rows].set(sub) if getattr(full, "ndim", 0) >= 1 else sub
    return table.at[rows].set(new_rows), jax.tree_util.tree_map(put, state, sub_state), rows


def dense_rows_update(tx, table, state, ids, row_grads):
    """One step of ``tx`` on the whole table ("Dense" semantics, the paper's Algorithm 1 on
    the R x d table): the summed rows of the batch, g = 0 for every absent row. Returns
    ``(new_table, new_state, touched ids ascending)``; raises PortError as ``lazy_rows_update``."""
    rows, grads = sum_duplicates(ids, row_grads, table.shape[0], table.shape[1], np.dtype(table.dtype))
    full = np.zeros(table.shape, np.dtype(table.dtype))
    full[rows] = grads
    upd, state = tx.update(jnp.asarray(full), state, table)
    return optax.apply_updates(table, upd), state, rows
