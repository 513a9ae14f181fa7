"""A synthetic benchmark corpus: the sample articles' paragraphs recombined.

Each synthetic article takes 4-9 paragraphs drawn from the packaged sample corpus, a random
EDM volume (1-21) and issue, and swaps a few names, so that articles differ while reading like
EDM prose with its citations and quotations. Deterministic for a seed.
"""

from __future__ import annotations

import random
from pathlib import Path

from edm_tools.prepare import sample_corpus_path
from edm_tools.sentences import paragraph_spans
from edm_tools.corpus import split_header

_NAME_SWAPS = [("Kazakhstan", "Kyrgyzstan"), ("Astana", "Bishkek"), ("Moscow", "the Kremlin"),
               ("Tashkent", "Dushanbe"), ("October", "March"), ("NATO", "the Alliance")]


def sample_paragraphs() -> list[str]:
    paragraphs = []
    with sample_corpus_path() as folder:
        for path in sorted(folder.glob("*.txt")):
            _, body = split_header(path.read_text(encoding="utf-8"))
            body = body.strip()
            paragraphs.extend(body[s:e] for s, e in paragraph_spans(body))
    return paragraphs


def synth_articles(n: int, *, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (doc_id, file text) pairs."""
    rng = random.Random(seed)
    paragraphs = sample_paragraphs()
    articles = []
    for i in range(n):
        volume = rng.randint(1, 21)
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 9)))
        body = "\n\n".join(chosen)
        for old, new in rng.sample(_NAME_SWAPS, k=2):
            body = body.replace(old, new, 1)
        header = f"Publication: Eurasia Daily Monitor Volume: {volume} Issue: {rng.randint(1, 240)}"
        articles.append((f"synth_{i:06d}", f"{header}\n\n{body}\n"))
    return articles


def write_corpus(folder: Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` synthetic articles into ``folder`` (reused when already complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / f".complete-{n}-{seed}"
    if stamp.exists():
        return folder
    for doc_id, text in synth_articles(n, seed=seed):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    stamp.write_text("ok")
    return folder
