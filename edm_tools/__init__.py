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

__all__ = [
    "Config", "ConfigError", "CorpusError", "EdmError", "ParameterError", "PreparedCorpus",
    "SchemaError", "clean_corpus", "extract_citations", "load_config", "load_corpus",
    "model_text", "prepare_corpus", "sample_corpus_path", "split_paragraphs",
    "split_sentences", "tokenize",
]
