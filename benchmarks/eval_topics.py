"""Quality of edm_tools' topic model against two plain scikit-learn baselines.

On the labelled development corpus (tests/data/topics_dev: articles <theme>_NN.txt, themes in
labels_a.csv and labels_b.csv), with k = the number of themes, prints for each system, averaged
over several seeds (mean and standard deviation):

- NPMI coherence of the top 10 terms of each topic, averaged over topics, over document
  co-occurrence in the corpus, computed the same way for every system (gensim's c_npmi with a
  window covering whole documents; edm_tools.topics.topic_coherence) on one shared reference
  tokenisation: the article ``text`` as scikit-learn's default analyzer splits it (lowercase,
  ``\\b\\w\\w+\\b``, no stopwords removed). A single-word term is in a document when that token
  is; a term of several words (a phrase such as ``foreign minister``, or a hyphenated word
  ``baku-tbilisi-ceyhan``) when its words stand next to each other once English stopwords are
  taken out (``Ministry of Defense`` has ``ministry defense``);
- topic diversity: share of distinct words among all topics' top 10 terms;
- NMI between each article's dominant topic and its theme;
- fit time (vectorising and fitting, one thread).

Systems: ``edm_tools`` (``fit_topics(articles, k=k, seed=s)``, all defaults: NMF on the cleaned
modelling text; its time includes the two refits that measure stability, and ``n_seeds=1``
is timed separately), ``sklearn LDA`` (``CountVectorizer()`` defaults and
``LatentDirichletAllocation(n_components=k, random_state=s)`` defaults, on the raw ``text``),
``sklearn NMF`` (``TfidfVectorizer(stop_words="english")`` and ``NMF(n_components=k,
random_state=s)`` on the raw ``text``). The raw ``text`` is the article body as the loader
returns it (header lines removed, citations and all else kept).

``--ablation`` adds rows for edm_tools with one step of its text preparation or weighting
turned off at a time, to show what each contributes. ``--subsamples N`` repeats the NMI
comparison on N random 80% subsamples of the corpus (seed i for subsample i), a check that the
margin does not hang on a few articles.

    python benchmarks/eval_topics.py [--seeds 5] [--corpus DIR] [--verbose] [--ablation]
                                     [--subsamples 12]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.decomposition import NMF, LatentDirichletAllocation  # noqa: E402
from sklearn.feature_extraction.text import (  # noqa: E402
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfVectorizer,
)
from sklearn.metrics import normalized_mutual_info_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from edm_tools import prepare_corpus  # noqa: E402
from edm_tools.clean import default_stopwords, normalize_for_model  # noqa: E402
from edm_tools.topics import fit_topics, topic_coherence, topic_diversity  # noqa: E402

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "topics_dev"
N_TOP = 10


def load_dev(folder: Path = DEV) -> tuple[pd.DataFrame, pd.Series]:
    """The articles of the development corpus and their theme, aligned by doc_id."""
    articles = prepare_corpus(folder, cache_dir=None).articles.reset_index(drop=True)
    labels = pd.concat([pd.read_csv(p, dtype=str) for p in sorted(folder.glob("labels_*.csv"))])
    labels = labels.drop_duplicates("doc_id").set_index("doc_id")["theme"]
    articles = articles[articles["doc_id"].isin(labels.index)].reset_index(drop=True)
    return articles, labels.reindex(articles["doc_id"]).reset_index(drop=True)


class Reference:
    """Document presence of any term under the shared reference tokenisation."""

    def __init__(self, texts: list[str]):
        self.split = CountVectorizer().build_analyzer()
        self.streams = [self.split(t) for t in texts]
        self.sets = [set(s) for s in self.streams]
        self.content = [[w for w in s if w not in ENGLISH_STOP_WORDS] for s in self.streams]

    def matrix(self, terms: list[str]) -> tuple[sp.csr_matrix, dict[str, int]]:
        vocabulary = {t: i for i, t in enumerate(dict.fromkeys(terms))}
        parts = {t: self.split(t) for t in vocabulary}
        lengths = {len(p) for p in parts.values() if len(p) > 1}
        rows, cols = [], []
        for d, (words, content) in enumerate(zip(self.sets, self.content)):
            grams = {n: {" ".join(content[i:i + n]) for i in range(len(content) - n + 1)}
                     for n in lengths}
            for term, j in vocabulary.items():
                p = parts[term]
                if len(p) == 1:
                    hit = p[0] in words
                else:
                    hit = len(p) > 1 and " ".join(p) in grams[len(p)]
                if hit:
                    rows.append(d)
                    cols.append(j)
        shape = (len(self.sets), len(vocabulary))
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape), vocabulary


def _top_terms(components: np.ndarray, names: np.ndarray) -> list[list[str]]:
    return [list(names[np.argsort(-row, kind="stable")[:N_TOP]]) for row in components]


def run_edm(articles: pd.DataFrame, k: int, seed: int, **options) -> tuple[list, np.ndarray, float]:
    t0 = time.perf_counter()
    result = fit_topics(articles, k=k, seed=seed, **options)
    seconds = time.perf_counter() - t0
    dominant = result.dominant.set_index("doc_id")["topic"].reindex(articles["doc_id"])
    return result.top_terms(N_TOP), dominant.fillna(-1).astype(int).to_numpy(), seconds


def run_lda(articles: pd.DataFrame, k: int, seed: int) -> tuple[list, np.ndarray, float]:
    t0 = time.perf_counter()
    vectorizer = CountVectorizer()
    X = vectorizer.fit_transform(articles["text"].tolist())
    model = LatentDirichletAllocation(n_components=k, random_state=seed)
    W = model.fit_transform(X)
    seconds = time.perf_counter() - t0
    return _top_terms(model.components_, vectorizer.get_feature_names_out()), W.argmax(1), seconds


def run_nmf(articles: pd.DataFrame, k: int, seed: int) -> tuple[list, np.ndarray, float]:
    t0 = time.perf_counter()
    vectorizer = TfidfVectorizer(stop_words="english")
    X = vectorizer.fit_transform(articles["text"].tolist())
    model = NMF(n_components=k, random_state=seed)
    W = model.fit_transform(X)
    seconds = time.perf_counter() - t0
    return _top_terms(model.components_, vectorizer.get_feature_names_out()), W.argmax(1), seconds


def ablations(articles: pd.DataFrame, k: int) -> dict:
    """edm_tools with one step off at a time."""
    raw = articles.assign(model_text=[normalize_for_model(t) for t in articles["text"]])
    variants = {
        "- citation removal": (raw, {}),
        "- topic stopwords": (articles, {"stopwords": default_stopwords()}),
        "- all domain stopwords": (articles, {"stopwords": ENGLISH_STOP_WORDS}),
        "- phrases": (articles, {"phrases": False}),
        "- plural folding": (articles, {"fold_plurals": False}),
        "- aliases (U.S.)": (articles, {"aliases": False}),
        "+ sublinear tf": (articles, {"sublinear_tf": True}),
        "- max_df (1.0)": (articles, {"max_df": 1.0}),
        "- min_df (1)": (articles, {"min_df": 1}),
        "method='lda'": (articles, {"method": "lda"}),
    }
    return {f"edm_tools {name}": (lambda s, a=a, o=o: run_edm(a, k, s, **o))
            for name, (a, o) in variants.items()}


def evaluate(seeds: int = 5, folder: Path = DEV, verbose: bool = False,
             ablation: bool = False) -> pd.DataFrame:
    """One row per system and seed: npmi, diversity, nmi, seconds."""
    articles, themes = load_dev(folder)
    k = themes.nunique()
    reference = Reference(articles["text"].tolist())
    systems = {
        "edm_tools": lambda s: run_edm(articles, k, s),
        "edm_tools n_seeds=1": lambda s: run_edm(articles, k, s, n_seeds=1),
        "sklearn LDA": lambda s: run_lda(articles, k, s),
        "sklearn NMF": lambda s: run_nmf(articles, k, s),
    }
    if ablation:
        systems.update(ablations(articles, k))
    rows = []
    with threadpool_limits(1):
        for name, run in systems.items():
            for seed in range(seeds):
                top, dominant, seconds = run(seed)
                matrix, vocabulary = reference.matrix([t for row in top for t in row])
                npmi = float(topic_coherence(top, matrix, vocabulary=vocabulary).mean())
                rows.append((name, seed, npmi, topic_diversity(top),
                             normalized_mutual_info_score(themes, dominant), seconds))
                if verbose and seed == 0:
                    print(f"\n{name}, seed 0:")
                    for i, row in enumerate(top):
                        print(f"  {i:2d} {', '.join(row)}")
    print(f"\nCorpus: {folder} ({len(articles)} articles, {k} themes); k = {k}; "
          f"{seeds} seeds (0..{seeds - 1}); one thread.")
    return pd.DataFrame(rows, columns=["system", "seed", "npmi", "diversity", "nmi", "seconds"])


def summarize(scores: pd.DataFrame) -> str:
    stats = scores.groupby("system", sort=False)[["npmi", "diversity", "nmi", "seconds"]]
    mean, std = stats.mean(), stats.std(ddof=0)
    lines = [f"{'system':36s} {'NPMI':>15s} {'diversity':>15s} {'NMI':>15s} {'fit s':>13s}"]
    for system in mean.index:
        m, s = mean.loc[system], std.loc[system]
        lines.append(f"{system:36s} " + " ".join(
            f"{m[c]:8.3f} ± {s[c]:.3f}" if c != "seconds" else f"{m[c]:7.2f} ± {s[c]:.2f}"
            for c in ("npmi", "diversity", "nmi", "seconds")))
    ours = mean.loc["edm_tools"]
    base = mean.loc[["sklearn LDA", "sklearn NMF"]]
    best_nmi = base["nmi"].idxmax()
    best_npmi = base["npmi"].idxmax()
    lines += [
        "",
        f"NMI:       edm_tools {ours['nmi']:.3f} vs best baseline {best_nmi} "
        f"{base.loc[best_nmi, 'nmi']:.3f}: {ours['nmi'] - base.loc[best_nmi, 'nmi']:+.3f} "
        f"({'better' if ours['nmi'] > base['nmi'].max() else 'NOT better'})",
        f"NPMI:      edm_tools {ours['npmi']:.3f} vs more coherent baseline {best_npmi} "
        f"{base.loc[best_npmi, 'npmi']:.3f}: {ours['npmi'] - base.loc[best_npmi, 'npmi']:+.3f} "
        f"({'at least as coherent' if ours['npmi'] >= base['npmi'].max() else 'LESS coherent'})",
        f"Diversity: edm_tools {ours['diversity']:.3f} (required >= 0.75: "
        f"{'met' if ours['diversity'] >= 0.75 else 'NOT met'}; "
        f"{ours['diversity'] - 0.75:+.3f})",
        "Per seed, edm_tools NMI minus the best baseline's NMI on the same seed: "
        + ", ".join(f"{d:+.3f}" for d in _per_seed_margin(scores)),
    ]
    return "\n".join(lines)


def subsample_nmi(n: int, folder: Path = DEV, share: float = 0.8) -> str:
    """NMI of each system on ``n`` random subsamples of the labelled corpus."""
    articles, themes = load_dev(folder)
    k = themes.nunique()
    rng = np.random.default_rng(42)
    scores: dict[str, list[float]] = {}
    with threadpool_limits(1):
        for i in range(n):
            idx = np.sort(rng.choice(len(articles), size=int(share * len(articles)),
                                     replace=False))
            sub, sub_themes = articles.iloc[idx].reset_index(drop=True), themes.iloc[idx]
            for name, run in (("edm_tools", run_edm), ("sklearn LDA", run_lda),
                              ("sklearn NMF", run_nmf)):
                dominant = run(sub, k, i)[1]
                scores.setdefault(name, []).append(
                    normalized_mutual_info_score(sub_themes, dominant))
    ours = np.array(scores["edm_tools"])
    best = np.maximum(scores["sklearn LDA"], scores["sklearn NMF"])
    lines = [f"\nNMI on {n} random {share:.0%} subsamples (k = {k}):"]
    lines += [f"  {name:12s} {np.mean(v):.3f} ± {np.std(v):.3f}" for name, v in scores.items()]
    lines.append(f"  edm_tools minus the best baseline per subsample: mean "
                 f"{np.mean(ours - best):+.3f}, better on {int((ours > best).sum())} of {n}")
    return "\n".join(lines)


def _per_seed_margin(scores: pd.DataFrame) -> list[float]:
    wide = scores.pivot(index="seed", columns="system", values="nmi")
    return (wide["edm_tools"] - wide[["sklearn LDA", "sklearn NMF"]].max(axis=1)).tolist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds to average over")
    parser.add_argument("--corpus", type=Path, default=DEV, help="labelled corpus folder")
    parser.add_argument("--verbose", action="store_true", help="print seed 0's top terms")
    parser.add_argument("--ablation", action="store_true",
                        help="also edm_tools with one step off at a time")
    parser.add_argument("--subsamples", type=int, default=0,
                        help="also compare NMI on this many random 80%% subsamples")
    args = parser.parse_args()
    print(summarize(evaluate(args.seeds, args.corpus, args.verbose, args.ablation)))
    if args.subsamples:
        print(subsample_nmi(args.subsamples, args.corpus))


if __name__ == "__main__":
    main()
