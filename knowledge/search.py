"""Full-text ranking over guides: BM25 on Chinese character uni- and bigrams.

Character n-grams need no segmenter and tolerate unknown words and partial names; it is
the linker's last resort and the baseline ``make eval`` compares the bot against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25Okapi
from scipy import sparse

_NON_WORD = re.compile(r"[^\w]+")
_NAME_WEIGHT = 3
_ALIAS_WEIGHT = 2


def char_ngrams(text: str) -> list[str]:
    """Unigrams and bigrams of the text's word characters (punctuation splits runs)."""
    grams: list[str] = []
    for run in _NON_WORD.split(text.lower()):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def _weights(bm25: BM25Okapi) -> tuple[dict[str, int], sparse.csr_matrix]:
    """Each term's BM25 weight in each document, once (what ``BM25Okapi.get_scores`` computes per
    query term), as a sparse term × document matrix: a query's scores are the sum of its rows."""
    terms: dict[str, int] = {}
    rows, cols, values = [], [], []
    lengths = np.array(bm25.doc_len, dtype=float)
    norms = bm25.k1 * (1 - bm25.b + bm25.b * lengths / bm25.avgdl)
    for doc, freqs in enumerate(bm25.doc_freqs):
        for term, tf in freqs.items():
            rows.append(terms.setdefault(term, len(terms)))
            cols.append(doc)
            values.append((bm25.idf.get(term) or 0) * tf * (bm25.k1 + 1) / (tf + norms[doc]))
    return terms, sparse.csr_matrix((values, (rows, cols)), shape=(len(terms), len(bm25.doc_freqs)))


class SearchIndex:
    """BM25 over documents made of a name, its aliases, a description and, optionally, questions
    people ask about it (their everyday words expand the document, as in doc2query)."""

    def __init__(self, documents: Sequence[tuple[str, Sequence[str], str] | tuple[str, Sequence[str], str, Sequence[str]]]) -> None:
        corpus = []
        for name, aliases, description, *questions in documents:
            tokens = char_ngrams(name) * _NAME_WEIGHT
            for alias in aliases:
                tokens += char_ngrams(alias) * _ALIAS_WEIGHT
            tokens += char_ngrams(description)
            for question in questions[0] if questions else ():
                tokens += char_ngrams(question)
            corpus.append(tokens)
        self._size = len(corpus)
        self._bm25 = BM25Okapi(corpus) if corpus else None
        self._terms: dict[str, int] = {}
        self._weights: sparse.csr_matrix | None = None
        if self._bm25 is not None:
            self._terms, self._weights = _weights(self._bm25)

    def rank(self, text: str, limit: int = 5) -> list[tuple[int, float]]:
        """Indices of the best documents with scores squashed into [0, 1)."""
        query = char_ngrams(text)
        if not query or self._weights is None:
            return []
        rows = [self._terms[q] for q in query if q in self._terms]  # a term asked twice counts twice
        scores = np.asarray(self._weights[rows].sum(axis=0)).ravel() if rows else np.zeros(self._size)
        order = sorted(range(self._size), key=lambda i: scores[i], reverse=True)[:limit]
        return [(i, float(scores[i] / (scores[i] + 10.0))) for i in order if scores[i] > 0]
