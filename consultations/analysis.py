"""Automatic suggestions for coding remarks: groups of similar remarks and the words that mark each group.

Everything runs on this server (scikit-learn); no text is sent anywhere. Each remark's words are lowercased, cut at
punctuation, stripped of Polish stop words (`data/stopwords_pl.txt`) and reduced to Snowball Polish stems
(`catalog.stemming`; pystempel does not import on Python 3.13), so "parku", "parkiem" and "parki" count as one word.
The stems are weighted by TF-IDF, reduced to at most `LSA_DIMENSIONS` dimensions when the vocabulary is larger
(latent semantic analysis: faster, and synonyms used together pull together), and grouped by k-means. The number of
groups is the one with the best silhouette from 2 to `DIALOG_ANALYSIS_MAX_GROUPS`. Fixed seeds and remarks in
primary-key order make the same remarks give the same groups, which is what lets a result be cached by a digest of
the texts. A group's keywords are its heaviest stems, each shown as the word residents wrote most often.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.cache import cache
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from catalog.stemming import fold, stem, words

MIN_REMARKS = 6  # fewer remarks with meaningful words than this are not grouped
TOP_KEYWORDS = 6
LSA_DIMENSIONS = 100
SAMPLE = 2000  # the number of groups is chosen on a fixed sample of this many remarks at most
SEED = 0
N_INIT = 8  # k-means starts per k: fewer often stopped in a poor split of small sets
STOP_WORDS_FILE = Path(__file__).parent / "data" / "stopwords_pl.txt"
VERSION = "1"  # part of the digest: change it when the method changes, so cached groups are made again


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words as written and without diacritics (residents often type without them)."""
    listed = [line.strip() for line in STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()]
    listed = [word for word in listed if word and not word.startswith("#")]
    return frozenset(listed) | frozenset(fold(word) for word in listed)


class Analyzer:
    """The TF-IDF analyzer: a text's stems, without stop words; it also counts which words each stem came from."""

    def __init__(self):
        self.surface: dict[str, Counter] = defaultdict(Counter)

    def __call__(self, text: str) -> list[str]:
        ignored = stop_words()
        stems = []
        for word in words(text.lower()):
            if len(word) < 3 or word.isdigit() or word in ignored:
                continue
            word_stem = stem(word)
            self.surface[word_stem][word] += 1
            stems.append(word_stem)
        return stems

    def word_for(self, word_stem: str) -> str:
        """The stem's most frequent surface form (alphabetically first among equals, so the result is stable)."""
        counts = self.surface[word_stem]
        return min(counts, key=lambda word: (-counts[word], word))


@dataclass(frozen=True)
class Group:
    number: int  # from 1, the biggest group first
    keywords: tuple[str, ...]
    remark_ids: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.remark_ids)


@dataclass(frozen=True)
class Grouping:
    digest: str
    groups: tuple[Group, ...]
    ungrouped: tuple[int, ...]  # remarks without a word that tells them apart
    minimum: int = MIN_REMARKS

    @property
    def too_few(self) -> bool:
        return not self.groups

    def group(self, number: int) -> Group | None:
        return next((group for group in self.groups if group.number == number), None)


def max_groups() -> int:
    return settings.DIALOG_ANALYSIS_MAX_GROUPS


def digest(items: list[tuple[int, str]], groups_at_most: int) -> str:
    """What a grouping depends on: the remarks (ids and texts, in order), the cap on groups and the method's version."""
    hashed = hashlib.sha256(f"{VERSION}:{groups_at_most}\x1e".encode())
    for pk, text in items:
        hashed.update(f"{pk}\x1f{text}\x1e".encode())
    return hashed.hexdigest()


def _best_labels(points: np.ndarray, groups_at_most: int) -> np.ndarray:
    """k-means labels for the k (2…cap) with the best silhouette; everything in one group if no k splits the points.

    Each k is tried on a fixed sample of at most `SAMPLE` points (the silhouette costs the square of the points),
    then the best k is fitted on all of them.
    """
    rng = np.random.default_rng(SEED)
    sample = points if len(points) <= SAMPLE else points[np.sort(rng.choice(len(points), SAMPLE, replace=False))]
    distinct = len(np.unique(sample.round(decimals=8), axis=0))
    best_k, best_score = 1, -2.0
    for k in range(2, min(groups_at_most, distinct, len(sample) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=N_INIT, random_state=SEED).fit_predict(sample)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(sample, labels, random_state=SEED)
        if score > best_score:
            best_k, best_score = k, score
    if best_k == 1:
        return np.zeros(len(points), dtype=int)
    return KMeans(n_clusters=best_k, n_init=N_INIT, random_state=SEED).fit_predict(points)


def group_texts(items: list[tuple[int, str]], *, groups_at_most: int | None = None) -> Grouping:
    """Group remarks given as (id, text) pairs, in id order; see the module's docstring for how."""
    groups_at_most = groups_at_most or max_groups()
    items = sorted(items)
    key = digest(items, groups_at_most)
    analyzer = Analyzer()
    # A stem used by one remark only cannot bring two remarks together; with few remarks every stem counts.
    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2 if len(items) >= 50 else 1)
    try:
        weights = vectorizer.fit_transform([text for _pk, text in items]).tocsr()
    except ValueError:  # no word left at all
        return Grouping(digest=key, groups=(), ungrouped=tuple(pk for pk, _text in items))
    has_words = np.diff(weights.indptr) > 0
    ids = np.array([pk for pk, _text in items])
    ungrouped = tuple(int(pk) for pk in ids[~has_words])
    if has_words.sum() < MIN_REMARKS:
        return Grouping(digest=key, groups=(), ungrouped=tuple(pk for pk, _text in items))
    weights, ids = weights[has_words], ids[has_words]
    with threadpool_limits(limits=1):  # on a busy 2-core server, BLAS/OpenMP threads made this ten times slower
        if weights.shape[1] > LSA_DIMENSIONS:
            points = normalize(TruncatedSVD(n_components=LSA_DIMENSIONS, random_state=SEED).fit_transform(weights))
        else:
            points = weights.toarray()
        labels = _best_labels(points, groups_at_most)
    stems = vectorizer.get_feature_names_out()
    found = []
    for label in np.unique(labels):
        members = labels == label
        mean = np.asarray(weights[members].mean(axis=0)).ravel()
        top = sorted((index for index in np.flatnonzero(mean)), key=lambda index: (-mean[index], stems[index]))[:TOP_KEYWORDS]
        found.append((tuple(analyzer.word_for(stems[index]) for index in top), tuple(int(pk) for pk in ids[members])))
    found.sort(key=lambda group: (-len(group[1]), group[1][0]))
    groups = tuple(Group(number=number, keywords=keywords, remark_ids=members) for number, (keywords, members) in enumerate(found, 1))
    return Grouping(digest=key, groups=groups, ungrouped=ungrouped)


CACHE_SECONDS = 24 * 60 * 60


def consultation_grouping(consultation) -> Grouping:
    """The groups of a consultation's remarks (`selectors.analysable_remarks`), cached by the digest of their texts.

    Reading the texts costs one query; grouping 10,000 remarks takes seconds, so the same remarks are grouped once
    a day at most. Any new, changed, merged or hidden remark changes the digest, and so the groups.
    """
    from .selectors import analysable_remarks

    items = list(analysable_remarks(consultation).values_list("pk", "text"))
    groups_at_most = max_groups()
    key = f"consultations:grouping:{digest(items, groups_at_most)}"
    grouping = cache.get(key)
    if grouping is None:
        grouping = group_texts(items, groups_at_most=groups_at_most)
        cache.set(key, grouping, CACHE_SECONDS)
    return grouping
