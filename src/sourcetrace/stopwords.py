"""Stop words: the words a comparison leaves out, per language and per use, in one place.

English has two lists, on purpose, because the two uses ask different questions of a word:

* :data:`ENGLISH_REUSE_STOPWORDS` (alignment, :mod:`sourcetrace.align.lexical`): words that say
  nothing about where a sentence comes from. Snowball's English stop list plus the reporting
  verbs and modals of news (``said``, ``says``, ``may``, ``must``...), which two unrelated news
  sentences share all the time. It is matched against lower-cased word tokens before stemming;
  the PAN13 figures in ``docs/benchmarks.md`` were set with it.
* :data:`ENGLISH_FUNCTION_WORDS` (assessment, :mod:`sourcetrace.assess.words`): words whose
  change alone is wording, not content. It is matched against the detectors' normalised words
  (ASCII-folded, "it's" kept whole), and it leaves reporting verbs out: "said" becoming
  "denied" is a change of meaning that a detector must see.

A third English list, :data:`ENGLISH_UNEDITED_WORDS`, names the common words the distortion
generator (:mod:`sourcetrace.evaluate.distortions`) never edits in a quotation: a short list
of frequent words of four letters or more, kept as it was so that the generated development
sets stay the same.

Other languages have one list, for alignment (:func:`reuse_stopwords`): the ``stop-words``
package's list for the language (it has 34, among them German and French), none where it has
no list.
"""

from __future__ import annotations

from functools import lru_cache

import stop_words

__all__ = ["ENGLISH_FUNCTION_WORDS", "ENGLISH_REUSE_STOPWORDS", "ENGLISH_UNEDITED_WORDS", "reuse_stopwords"]

# fmt: off
ENGLISH_REUSE_STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves also said says say one may might must shall us s t d ll m re ve
""".split())

ENGLISH_FUNCTION_WORDS = frozenset("""
a an the this that these those and or but so of to in on at by for with from into onto
about as is are was were be been being am it its it's he she they them their his her him we
us our you your i me my mine there here which who whom whose what when where while how
has have had do does did will would shall should can could may might must also just then than
very more most much many some any each every all both either neither not no nor only own same
such too out up down over under again further once s t d ll re ve m o y if because until
against between through during before after above below off why other one rather
""".split())

ENGLISH_UNEDITED_WORDS = frozenset("""
that this with from have were they their there what when which will would could should
been being into about than then them only also just very more most some such your our
""".split())
# fmt: on


@lru_cache(maxsize=64)
def reuse_stopwords(language: str) -> frozenset[str]:
    """The words alignment leaves out of a text in ``language`` (an ISO 639-1 code such as
    ``"de"``), lower case: :data:`ENGLISH_REUSE_STOPWORDS` for English, the ``stop-words``
    package's list for the languages it has, nothing for the others."""
    if language == "en":
        return ENGLISH_REUSE_STOPWORDS
    try:
        return frozenset(word.lower() for word in stop_words.get_stop_words(language))
    except stop_words.StopWordError:
        return frozenset()
