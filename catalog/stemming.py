"""Polish words reduced to folded stems, so a search finds a record by any inflection, with or without diacritics.

Neither database stems Polish: PostgreSQL ships no Polish dictionary (`dialog_pl` only unaccents) and
SQLite's FTS5 has no stemmer at all, nor does it fold "ł", which no Unicode decomposition turns into
"l". So each record also indexes its searchable text as stems (`CatalogPage.stemmed_title` and
`stemmed_text`) and `catalog.selectors.search` looks for the stems of the query as well as its words.

Stems come from Snowball's Polish algorithm (pure Python, no table to load: a stemmer costs nothing to
make), then lose case and diacritics: "Konsultacji" and "konsultacje" → "konsultacj", "Łagiewnikach"
and "lagiewnikach" → "lagiewnik", "rowerowych" and "rowerowa" → "rowerow". The algorithm reads the
diacritics of an ending ("projektów" → "projekt", but "projektow" → "projektow"), so a record's text
indexes the stem of each word as written and, where it differs, the stem of the word typed without
diacritics: a resident who leaves them out finds the record too.
"""

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from snowballstemmer.polish_stemmer import PolishStemmer

# Letters and digits; "_" and other punctuation separate words (the backends would read them as query syntax).
WORD = re.compile(r"[^\W_]+")
NO_DECOMPOSITION = str.maketrans({"ł": "l"})


def words(text: str) -> list[str]:
    return WORD.findall(text)


def fold(word: str) -> str:
    """Lower case without diacritics: "Łódź" → "lodz"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(NO_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The folded stem of one word. A stemmer keeps state while it works, so each call makes its own (threads)."""
    return fold(PolishStemmer().stemWord(word.lower()))


def query_stems(text: str) -> list[str]:
    """What a search for `text` looks for in the stemmed index: the stem of each word as typed."""
    return [stem(word) for word in words(text)]


def indexed_stems(text: str) -> Iterator[str]:
    """What a record's text is found by: each word's stem, and the stem of the word without diacritics where that differs."""
    for word in words(text):
        as_written, without_diacritics = stem(word), stem(fold(word))
        yield as_written
        if without_diacritics != as_written:
            yield without_diacritics


def stemmed(text: str) -> str:
    """A text as the index stores it for searching by stems."""
    return " ".join(indexed_stems(text))
