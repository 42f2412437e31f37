"""Reference fixtures for @carta/trees, computed by XGBoost 1.7 itself.

Writes, under packages/trees/test/fixtures/, one JSON file per model:
  xgb-<name>.json  the model exactly as XGBoost's save_model('x.json') writes it (as a string:
                   XGBoost writes NaN as a bare token, which is not JSON), ~50 test rows (null =
                   missing), and XGBoost's margins (output_margin=True), predictions,
                   pred_contribs and, for small models, pred_interactions.
  interventional.json  a small model, a background sample and rows, with interventional SHAP values
                   computed by brute force: Shapley values over features of
                   v(S) = mean over background rows r of margin(x_S, r_notS), every hybrid row
                   predicted by XGBoost.
  grouped.json     a small model, feature groups and rows, with the groups' Shapley values computed
                   by brute force over groups with the path-dependent value function of TreeSHAP
                   (E[f | x_S] walking the tree, splitting on a feature outside S in proportion to
                   the children's sum_hessian), evaluated here in Python from the model JSON. The same
                   evaluator with one group per feature is checked against pred_contribs first.

Rerun from the repository root after changing anything here:
  /usr/bin/python3 tools/python/xgboost-fixtures.py
Needs Debian's python3-xgboost 1.7.4, python3-numpy and python3-sklearn (the python3 first on PATH
may lack them). The fixtures are committed, so the TypeScript tests never need Python.

Categorical features: XGBoost 1.7 accepts them from a numpy array (no pandas) through
DMatrix(feature_types=['c', ...], enable_categorical=True) with tree_method='hist'; category codes
are the integer values. Every fixture's numbers come from the booster reloaded from the JSON text
stored in it, so they are the numbers that file gives in XGBoost.
"""

import itertools
import json
import math
import os
import sys

import numpy as np
import xgboost as xgb
from sklearn.datasets import make_friedman1

if xgb.__version__ != "1.7.4":
    sys.exit(f"expected xgboost 1.7.4, found {xgb.__version__}: run with /usr/bin/python3")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "trees", "test", "fixtures")
GENERATED_BY = f"tools/python/xgboost-fixtures.py with xgboost {xgb.__version__}, numpy {np.__version__}"


def as_json_rows(x):
    return [[None if math.isnan(v) else float(v) for v in row] for row in x]


def as_list(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def as_matrix(a):
    return [as_list(row) for row in np.asarray(a)]


def write_fixture(name, content):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(content, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path) // 1024} KB)")


def with_missing(x, rng, fraction, columns=None):
    x = x.copy()
    cols = range(x.shape[1]) if columns is None else columns
    for j in cols:
        x[rng.random(x.shape[0]) < fraction, j] = np.nan
    return x


def dmatrix(x, feature_types=None, label=None):
    if feature_types is None:
        return xgb.DMatrix(x, label=label, missing=np.nan)
    return xgb.DMatrix(x, label=label, missing=np.nan, feature_types=feature_types, enable_categorical=True)


def train(x, label, params, rounds, feature_types=None):
    """Trains single-threaded (reproducible), then reloads the booster from its JSON text."""
    booster = xgb.train({**params, "nthread": 1, "seed": 7}, dmatrix(x, feature_types, label), rounds)
    text = booster.save_raw(raw_format="json").decode()
    reloaded = xgb.Booster(params={"nthread": 1}, model_file=bytearray(text, "utf8"))
    return reloaded, text


def xgb_fixture(name, description, params, rounds, x_train, label, x_test, interactions, feature_types=None):
    booster, text = train(x_train, label, params, rounds, feature_types)
    d = dmatrix(x_test, feature_types)
    margins = booster.predict(d, output_margin=True)
    predictions = booster.predict(d)
    contribs = booster.predict(d, pred_contribs=True)
    gap = np.max(np.abs(contribs.astype(np.float64).sum(axis=1) - margins))
    assert gap < 1e-4, f"{name}: contributions miss the margin by {gap}"
    content = {
        "name": name,
        "description": description,
        "generated_by": GENERATED_BY,
        "params": params,
        "rounds": rounds,
        "model_text": text,
        "rows": as_json_rows(x_test),
        "margins": as_list(margins),
        "predictions": as_list(predictions),
        "contribs": as_matrix(contribs),
    }
    if interactions:
        inter = booster.predict(d, pred_interactions=True)
        content["interactions"] = [as_matrix(m) for m in inter]
    write_fixture(f"xgb-{name}.json", content)
    return booster, text


# ---- the path-dependent value function, evaluated from the model JSON ----


def load_trees(text):
    model = json.loads(text)
    learner = model["learner"]
    trees = learner["gradient_booster"]["model"]["trees"]
    return learner, sorted(trees, key=lambda t: t["id"])


def base_margin(learner):
    base_score = np.float32(learner["learner_model_param"]["base_score"])
    objective = learner["objective"]["name"]
    if objective == "binary:logistic":
        return f32(-np.log(np.float32(1) / base_score - np.float32(1)))
    if objective == "survival:cox":
        return f32(np.log(base_score))
    return f32(base_score)


def goes_left(tree, node, value):
    if math.isnan(value):
        return tree["default_left"][node] == 1
    if tree["split_type"][node] == 1:
        k = tree["categories_nodes"].index(node)
        begin = tree["categories_segments"][k]
        cats = tree["categories"][begin : begin + tree["categories_sizes"][k]]
        # XGBoost 1.7 sends unseen and negative codes left, like any code outside the set.
        return value < 0 or int(value) not in cats
    return np.float32(value) < np.float32(tree["split_conditions"][node])


def conditional_expectation(tree, node, x, player_of, known):
    """E[tree(x) | x_S] with S the features whose player is in `known`, splitting by cover elsewhere."""
    # XGBoost's leaf values and covers are float32; its JSON prints them in their shortest form.
    left = tree["left_children"][node]
    if left == -1:
        return f32(tree["split_conditions"][node])
    right = tree["right_children"][node]
    feature = tree["split_indices"][node]
    if player_of[feature] in known:
        child = left if goes_left(tree, node, x[feature]) else right
        return conditional_expectation(tree, child, x, player_of, known)
    cover = tree["sum_hessian"]
    return (
        f32(cover[left]) * conditional_expectation(tree, left, x, player_of, known)
        + f32(cover[right]) * conditional_expectation(tree, right, x, player_of, known)
    ) / f32(cover[node])


def f32(value):
    return float(np.float32(value))


def shapley(players, value):
    """Exact Shapley values of the game `value` (a function of a frozenset) by enumerating subsets."""
    n = len(players)
    cache = {}

    def v(s):
        if s not in cache:
            cache[s] = value(s)
        return cache[s]

    phi = []
    for i in players:
        others = [p for p in players if p != i]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for subset in itertools.combinations(others, size):
                s = frozenset(subset)
                total += weight * (v(s | {i}) - v(s))
        phi.append(total)
    return phi, v(frozenset())


def path_dependent_group_shap(text, x, player_of, n_players):
    learner, trees = load_trees(text)
    offset = base_margin(learner)

    def value(known):
        return offset + sum(conditional_expectation(t, 0, x, player_of, known) for t in trees)

    return shapley(list(range(n_players)), value)


# ---- the models ----


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240605)

    # A single stump: the smallest model, interactions included.
    x, y = make_friedman1(n_samples=400, n_features=5, noise=1.0, random_state=1)
    label = (y > np.median(y)).astype(float)
    xgb_fixture(
        "logistic-stump",
        "binary:logistic, one tree of depth 1",
        {"objective": "binary:logistic", "max_depth": 1, "eta": 0.3},
        1,
        x[:350],
        label[:350],
        x[350:],
        interactions=True,
    )

    # Depth 3 with missing values everywhere and a non-default base_score.
    x, y = make_friedman1(n_samples=600, n_features=6, noise=1.0, random_state=2)
    x = with_missing(x, rng, 0.15)
    label = (y > np.quantile(y, 0.6)).astype(float)
    xgb_fixture(
        "logistic-depth3-missing",
        "binary:logistic, 30 trees of depth 3, 15% missing in every feature, base_score 0.3",
        {"objective": "binary:logistic", "max_depth": 3, "eta": 0.2, "base_score": 0.3},
        30,
        x[:550],
        label[:550],
        x[550:],
        interactions=True,
    )

    # Depth 6 with monotone constraints on the first two features.
    x, y = make_friedman1(n_samples=1500, n_features=10, noise=1.0, random_state=3)
    x = with_missing(x, rng, 0.05, columns=[4, 5, 6])
    label = (y > np.median(y)).astype(float)
    xgb_fixture(
        "logistic-depth6-monotone",
        "binary:logistic, 40 trees of depth 6, monotone increasing in x0 and decreasing in x1",
        {
            "objective": "binary:logistic",
            "max_depth": 6,
            "eta": 0.1,
            "monotone_constraints": "(1,-1,0,0,0,0,0,0,0,0)",
            "tree_method": "hist",
        },
        40,
        x[:1450],
        label[:1450],
        x[1450:],
        interactions=False,
    )

    # Cox proportional hazards: label = time, negative when censored.
    n = 800
    x = rng.normal(size=(n, 8))
    risk = 0.8 * x[:, 0] - 0.6 * x[:, 1] + 0.5 * (x[:, 2] > 0.5) + 0.4 * x[:, 3] * x[:, 4]
    event_time = rng.exponential(1.0 / np.exp(risk)) * 12
    censor_time = rng.exponential(18.0, size=n)
    time = np.minimum(event_time, censor_time)
    label = np.where(event_time <= censor_time, time, -time)
    x = with_missing(x, rng, 0.1, columns=[1, 3, 6])
    xgb_fixture(
        "cox-depth4-missing",
        "survival:cox, 60 trees of depth 4, censored rows labelled with negative times, 10% missing in 3 features",
        {"objective": "survival:cox", "max_depth": 4, "eta": 0.1},
        60,
        x[:750],
        label[:750],
        x[750:],
        interactions=False,
    )

    # Many trees, to exercise XGBoost's float32 summation of margins and contributions; stumps keep
    # the fixture small.
    xgb_fixture(
        "cox-500-stumps",
        "survival:cox, 500 trees of depth 1, eta 0.02",
        {"objective": "survival:cox", "max_depth": 1, "eta": 0.02, "tree_method": "hist"},
        500,
        x[:760, :5],
        label[:760],
        x[760:, :5],
        interactions=False,
    )

    # Deep regression trees with monotone constraints; deep paths repeat features.
    x, y = make_friedman1(n_samples=2000, n_features=5, noise=0.5, random_state=4)
    xgb_fixture(
        "regression-depth8-monotone",
        "reg:squarederror, 12 trees of depth 8, monotone increasing in x3 and x4",
        {
            "objective": "reg:squarederror",
            "max_depth": 8,
            "eta": 0.3,
            "min_child_weight": 2,
            "monotone_constraints": "(0,0,0,1,1)",
        },
        12,
        x[:1950],
        y[:1950],
        x[1950:],
        interactions=True,
    )

    # Categorical features (partition-based splits), with missing and unseen categories in the test rows.
    n = 1200
    x = np.empty((n, 4))
    x[:, 0] = rng.normal(size=n)
    x[:, 1] = rng.integers(0, 12, size=n)
    x[:, 2] = rng.integers(0, 40, size=n)
    x[:, 3] = rng.normal(size=n)
    risk = x[:, 0] + 1.5 * np.isin(x[:, 1], [1, 4, 7]) - 1.2 * np.isin(x[:, 2], [0, 5, 9, 17, 33, 38]) + 0.5 * x[:, 3]
    label = (risk + rng.logistic(size=n) > 0.3).astype(float)
    x = with_missing(x, rng, 0.08, columns=[1, 2, 3])
    test = x[1150:].copy()
    test[0, 1], test[1, 2], test[2, 2], test[3, 1] = 12, 45, 70, -1  # unseen and invalid categories
    xgb_fixture(
        "logistic-categorical",
        "binary:logistic, 20 trees of depth 4 with two categorical features (12 and 40 categories), "
        "partition splits (max_cat_to_onehot 1), missing values and unseen categories in the rows",
        {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "tree_method": "hist", "max_cat_to_onehot": 1},
        20,
        x[:1150],
        label[:1150],
        test,
        interactions=True,
        feature_types=["q", "c", "c", "q"],
    )

    interventional_fixture(rng)
    grouped_fixture(rng)


def interventional_fixture(rng):
    x, y = make_friedman1(n_samples=500, n_features=5, noise=1.0, random_state=5)
    x = with_missing(x, rng, 0.1, columns=[0, 2])
    params = {"objective": "reg:squarederror", "max_depth": 3, "eta": 0.3}
    booster, text = train(x[:460], y[:460], params, 8)
    background = x[460:485]
    rows = x[485:]
    p = x.shape[1]

    def margins(m):
        return booster.predict(dmatrix(m), output_margin=True).astype(np.float64)

    shap_rows, expected = [], None
    for row in rows:

        def value(known, row=row):
            hybrid = background.copy()
            for j in known:
                hybrid[:, j] = row[j]
            return float(np.mean(margins(hybrid)))

        phi, v_empty = shapley(list(range(p)), value)
        shap_rows.append(phi)
        expected = v_empty
    write_fixture(
        "interventional.json",
        {
            "name": "interventional",
            "description": "reg:squarederror, 8 trees of depth 3, 10% missing in x0 and x2; interventional "
            "SHAP values by brute-force Shapley over the 5 features with v(S) = mean over the 25 background "
            "rows of margin(x_S, background_notS)",
            "generated_by": GENERATED_BY,
            "params": params,
            "model_text": text,
            "background": as_json_rows(background),
            "rows": as_json_rows(rows),
            "margins": as_list(booster.predict(dmatrix(rows), output_margin=True)),
            "expected_value": expected,
            "shap": shap_rows,
        },
    )


def grouped_fixture(rng):
    x, y = make_friedman1(n_samples=800, n_features=6, noise=1.0, random_state=6)
    x = with_missing(x, rng, 0.1, columns=[1, 4])
    label = (y > np.median(y)).astype(float)
    params = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3}
    booster, text = train(x[:780], label[:780], params, 15)
    rows = x[780:]
    groups = [
        {"name": "interaction pair", "features": [0, 1]},
        {"name": "single", "features": [3]},
        {"name": "rest", "features": [2, 4, 5]},
    ]
    player_of = [0] * x.shape[1]
    for g, group in enumerate(groups):
        for j in group["features"]:
            player_of[j] = g

    # The evaluator must reproduce XGBoost's own TreeSHAP with one player per feature.
    contribs = booster.predict(dmatrix(rows), pred_contribs=True)
    for i, row in enumerate(rows):
        phi, expected = path_dependent_group_shap(text, row, list(range(x.shape[1])), x.shape[1])
        gap = max(abs(a - b) for a, b in zip(phi + [expected], contribs[i]))
        assert gap < 1e-5, f"path-dependent evaluator misses pred_contribs by {gap} on row {i}"

    shap_rows = []
    for row in rows:
        phi, expected = path_dependent_group_shap(text, row, player_of, len(groups))
        shap_rows.append(phi)
    write_fixture(
        "grouped.json",
        {
            "name": "grouped",
            "description": "binary:logistic, 15 trees of depth 4, 10% missing in x1 and x4; each group's "
            "Shapley value by brute force over the 3 groups with the path-dependent value function",
            "generated_by": GENERATED_BY,
            "params": params,
            "model_text": text,
            "groups": groups,
            "rows": as_json_rows(rows),
            "expected_value": expected,
            "shap": shap_rows,
        },
    )


if __name__ == "__main__":
    main()
