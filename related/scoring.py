"""Related-post scoring: plain Python over plain data, no database.

For a post P and a candidate C (both `PostFeatures`), with weights from the site settings:

    tags(P, C)  = Σ w(t) for shared tags ÷ Σ w(t) for all tags of either post
                  w(t) = ln((N + 1) ÷ (df(t) + 1)) ÷ ln(N + 1)   (weighted Jaccard with an
                  idf weight: a tag on every post counts nothing, one on half the blog
                  little, a rare tag almost fully)
    terms(P, C) = shared glossary terms ÷ all terms of either post  (Jaccard)
    cats(P, C)  = shared categories ÷ all categories of either post (Jaccard)
    text(P, C)  = cosine of the posts' distinctive-word vectors: tf-idf of title (×3),
                  teaser and body words, keeping each post's top words only
    raw         = (wt·tags + wg·terms + wc·cats + wx·text) ÷ (wt + wg + wc + wx)
    score       = raw × ((1 − r) + r × 0.5 ^ (age of C in days ÷ half-life))

C is suggested when score ≥ min_score; ties go to the newer post, then the lower id.
Candidates are found through inverted indexes (tags, terms, words), so a post is only
compared with posts that share something with it, and only its top suggestions are kept:
memory grows with the number of posts, not with its square.
"""

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

__all__ = [
    "PostFeatures",
    "RelatedIndex",
    "Suggestion",
    "Weights",
    "distinctive_words",
    "tokens_of",
]

WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our ours out over own same
    she should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours one two new many much may might must us via per like get got use
    used using make makes made way ways well even still every within without whether
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des dich die dies
    diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er
    es etwas euer eure für hat hatte hatten hier hin hinter ich ihr ihre im in ist ja jede jedem
    jeden jeder jedes jetzt kann kein keine können machen man mein meine mit muss nach nicht nichts
    noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll sondern um und uns
    unser unter vom von vor war waren was weil welche wenn werden wie wieder will wir wird wo zu
    zum zur über""".split()
)
TOP_WORDS = 20
TITLE_WEIGHT = 3
MAX_POSTING = 400  # a word in more posts than this says little; skip it when searching
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; the site settings hold the values editors chose."""

    tags: float = 1.0
    terms: float = 1.0
    categories: float = 0.5
    text: float = 1.0
    recency: float = 0.3
    half_life_days: float = 365.0
    min_score: float = 0.05

    @property
    def total(self):
        return (self.tags + self.terms + self.categories + self.text) or 1.0


@dataclass(frozen=True)
class PostFeatures:
    id: int
    timestamp: float
    tags: frozenset = frozenset()
    terms: frozenset = frozenset()
    categories: frozenset = frozenset()
    words: dict = field(default_factory=dict)  # distinctive word -> weight (unit length)


@dataclass(frozen=True)
class Suggestion:
    post_id: int
    score: float
    reasons: dict


def tokens_of(text):
    """Lower-case words worth comparing: no stop words, no numbers, at least three letters."""
    return [
        word
        for word in (match.group().lower() for match in WORD.finditer(text or ""))
        if len(word) >= 3 and word not in STOPWORDS
    ]


def distinctive_words(counts, document_frequency, total_documents, top=TOP_WORDS):
    """The post's `top` words by tf-idf, as a unit-length vector (word -> weight)."""
    scored = []
    for word, count in counts.items():
        df = document_frequency.get(word, 1)
        idf = math.log((1 + total_documents) / (1 + df))
        if idf > 0:
            scored.append((count * idf, word))
    best = heapq.nlargest(top, scored)
    norm = math.sqrt(sum(weight * weight for weight, _ in best)) or 1.0
    return {word: weight / norm for weight, word in best}


def word_counts(title, body):
    counts = Counter(tokens_of(body))
    for word in tokens_of(title):
        counts[word] += TITLE_WEIGHT
    return counts


def _jaccard(a, b):
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class RelatedIndex:
    """All posts' features with inverted indexes, to suggest related posts for any of them."""

    def __init__(self, posts, weights=None, now=None):
        self.weights = weights or Weights()
        self.posts = {post.id: post for post in posts}
        self.now = now if now is not None else max((p.timestamp for p in posts), default=0)
        total = len(self.posts)
        tag_df = Counter(tag for post in posts for tag in post.tags)
        scale = math.log(total + 1) if total else 1.0
        self.tag_weight = {
            tag: max(0.0, math.log((total + 1) / (df + 1)) / scale) for tag, df in tag_df.items()
        }
        self._postings = {"tags": defaultdict(list), "terms": defaultdict(list)}
        self._word_postings = defaultdict(list)
        self._tag_totals_cache = None
        self._decays_cache = None
        for post in posts:
            for tag in post.tags:
                if self.tag_weight[tag] > 0:
                    self._postings["tags"][tag].append(post.id)
            for term in post.terms:
                self._postings["terms"][term].append(post.id)
            for word, weight in post.words.items():
                self._word_postings[word].append((post.id, weight))

    def _tag_total(self, post):
        return sum(self.tag_weight.get(tag, 0.0) for tag in post.tags)

    @property
    def _tag_totals(self):
        if self._tag_totals_cache is None:
            self._tag_totals_cache = {pid: self._tag_total(p) for pid, p in self.posts.items()}
        return self._tag_totals_cache

    @property
    def _decays(self):
        if self._decays_cache is None:
            self._decays_cache = {pid: self._decay(p) for pid, p in self.posts.items()}
        return self._decays_cache

    def _decay(self, candidate):
        weights = self.weights
        if not weights.recency or weights.half_life_days <= 0:
            return 1.0
        age_days = max(0.0, (self.now - candidate.timestamp) / SECONDS_PER_DAY)
        return (1 - weights.recency) + weights.recency * 0.5 ** (age_days / weights.half_life_days)

    def score(self, post, candidate, text=None):
        """(score, reasons) of `candidate` for `post`."""
        weights = self.weights
        shared_tags = post.tags & candidate.tags
        tag_union = self._tag_total(post) + self._tag_total(candidate)
        tag_union -= sum(self.tag_weight.get(tag, 0.0) for tag in shared_tags)
        shared_weight = sum(self.tag_weight.get(tag, 0.0) for tag in shared_tags)
        tags = shared_weight / tag_union if tag_union > 0 else 0.0
        terms = _jaccard(post.terms, candidate.terms)
        categories = _jaccard(post.categories, candidate.categories)
        if text is None:
            text = sum(
                weight * candidate.words[word]
                for word, weight in post.words.items()
                if word in candidate.words
            )
        raw = (
            weights.tags * tags
            + weights.terms * terms
            + weights.categories * categories
            + weights.text * text
        ) / weights.total
        score = raw * self._decay(candidate)
        # Most telling first; equally telling words alphabetically, so reasons never shuffle.
        shared_words = sorted(
            set(post.words) & set(candidate.words),
            key=lambda word: (-(post.words[word] * candidate.words[word]), word),
        )
        reasons = {
            "tags": sorted(shared_tags),
            "terms": sorted(post.terms & candidate.terms),
            "categories": sorted(post.categories & candidate.categories),
            "words": shared_words[:5],
            "signals": {
                "tags": round(tags, 3),
                "terms": round(terms, 3),
                "categories": round(categories, 3),
                "text": round(text, 3),
            },
        }
        return score, reasons

    def suggestions_for(self, post_id, limit, exclude=()):
        """The best `limit` suggestions above the threshold, best first.

        Shared tags, terms and words are summed while walking the inverted indexes; the
        same formula as `score` is then applied per candidate without building reasons,
        which are only made for the few suggestions kept.
        """
        post = self.posts[post_id]
        weights = self.weights
        shared_tags = defaultdict(float)
        shared_terms = defaultdict(int)
        text = defaultdict(float)
        common_tags = []
        for tag in post.tags:
            weight = self.tag_weight.get(tag, 0.0)
            posting = self._postings["tags"].get(tag, ())
            if weight <= 0:
                continue
            if len(posting) > MAX_POSTING:
                common_tags.append((tag, weight))
                continue
            for other in posting:
                shared_tags[other] += weight
        common_terms = []
        for term in post.terms:
            posting = self._postings["terms"].get(term, ())
            if len(posting) > MAX_POSTING:
                common_terms.append(term)
                continue
            for other in posting:
                shared_terms[other] += 1
        for word, weight in post.words.items():
            posting = self._word_postings.get(word, ())
            if len(posting) <= MAX_POSTING:
                for other, other_weight in posting:
                    text[other] += weight * other_weight
        candidates = set(shared_tags) | set(shared_terms) | set(text)
        candidates.discard(post_id)
        candidates.difference_update(exclude)
        own_tag_total = self._tag_totals[post_id]
        own_terms = len(post.terms)
        ranked = []
        for other_id in candidates:
            candidate = self.posts[other_id]
            shared = shared_tags.get(other_id, 0.0)
            for tag, weight in common_tags:
                if tag in candidate.tags:
                    shared += weight
            union = own_tag_total + self._tag_totals[other_id] - shared
            tags = shared / union if union > 0 else 0.0
            common = shared_terms.get(other_id, 0) + sum(
                1 for term in common_terms if term in candidate.terms
            )
            term_union = own_terms + len(candidate.terms) - common
            terms = common / term_union if term_union else 0.0
            categories = (
                _jaccard(post.categories, candidate.categories)
                if post.categories and candidate.categories
                else 0.0
            )
            raw = (
                weights.tags * tags
                + weights.terms * terms
                + weights.categories * categories
                + weights.text * text.get(other_id, 0.0)
            ) / weights.total
            score = raw * self._decays[other_id]
            if score > 0 and score >= weights.min_score:
                ranked.append((-score, -candidate.timestamp, other_id))
        best = heapq.nsmallest(limit, ranked)
        return [
            Suggestion(
                other_id,
                -negative,
                self.score(post, self.posts[other_id], text=text.get(other_id, 0.0))[1],
            )
            for negative, _, other_id in best
        ]
