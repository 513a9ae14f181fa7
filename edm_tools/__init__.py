"""edm_tools: load, clean and analyse Eurasia Daily Monitor articles."""

__version__ = "0.1.0"

from .clean import (  # noqa: E402
    clean_corpus,
    extract_citations,
    model_text,
    split_paragraphs,
    split_sentences,
    tokenize,
)
from .config import Config, load_config  # noqa: E402
from .corpus import load_corpus  # noqa: E402
from .errors import ConfigError, CorpusError, EdmError, ParameterError, SchemaError  # noqa: E402
from .prepare import PreparedCorpus, prepare_corpus, sample_corpus_path  # noqa: E402
from .quotes import extract_quotes, quotes_summary  # noqa: E402
from .stance import aggregate_stance, find_mentions, load_targets, score_stance, stance_over_time  # noqa: E402
from .topics import fit_topics, fit_topics_streaming  # noqa: E402
from .batch import RunSpec, run_batch  # noqa: E402

__all__ = [
    "Config", "ConfigError", "CorpusError", "EdmError", "ParameterError", "PreparedCorpus",
    "RunSpec", "SchemaError", "aggregate_stance", "clean_corpus", "extract_citations",
    "extract_quotes", "find_mentions", "fit_topics", "fit_topics_streaming", "load_config",
    "load_corpus", "load_targets", "model_text", "prepare_corpus", "quotes_summary",
    "run_batch", "sample_corpus_path", "score_stance", "split_paragraphs", "split_sentences",
    "stance_over_time", "tokenize",
]
