"""Related-post scoring as plain Python: signals, weights, decay, threshold, ties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from related.scoring import PostFeatures, RelatedIndex, Weights, distinctive_words, tokens_of

DAY = 86_400
NOW = 1_000 * DAY
ONLY = {
    "tags": Weights(tags=1, terms=0, categories=0, text=0, recency=0, min_score=0),
    "terms": Weights(tags=0, terms=1, categories=0, text=0, recency=0, min_score=0),
    "categories": Weights(tags=0, terms=0, categories=1, text=0, recency=0, min_score=0),
    "text": Weights(tags=0, terms=0, categories=0, text=1, recency=0, min_score=0),
}


def post(post_id, days_old=10, **features):
    return PostFeatures(id=post_id, timestamp=NOW - days_old * DAY, **features)


def filler(count, start=100):
    """Unrelated posts, so that tags are not on a large share of the blog."""
    return [post(start + n, tags=frozenset({f"other-{n}"})) for n in range(count)]


def ids(index, post_id, limit=10):
    return [s.post_id for s in index.suggestions_for(post_id, limit)]


def test_tag_overlap_is_shared_over_combined():
    posts = [
        post(1, tags=frozenset({"a", "b"})),
        post(2, tags=frozenset({"a", "b"})),
        post(3, tags=frozenset({"a", "c", "d", "e"})),
        *filler(20),
    ]
    index = RelatedIndex(posts, ONLY["tags"], now=NOW)
    scores = {s.post_id: s.score for s in index.suggestions_for(1, 5)}
    assert scores[2] == pytest.approx(1.0)
    assert scores[2] > scores[3] > 0  # the tag-heavy post does not win by volume


def test_common_tags_count_little_and_a_tag_on_every_post_nothing():
    everywhere = [post(n, tags=frozenset({"data"})) for n in range(1, 11)]
    assert ids(RelatedIndex(everywhere, ONLY["tags"], now=NOW), 1) == []
    half = [post(n, tags=frozenset({"data"})) for n in range(1, 11)] + filler(10)
    rare = [post(1, tags=frozenset({"kafka"})), post(2, tags=frozenset({"kafka"})), *filler(18)]
    half_index = RelatedIndex(half, ONLY["tags"], now=NOW)
    rare_index = RelatedIndex(rare, ONLY["tags"], now=NOW)
    assert half_index.tag_weight["data"] < 0.3 < rare_index.tag_weight["kafka"]


def test_shared_glossary_terms_count():
    posts = [
        post(1, terms=frozenset({"iot", "m2m"})),
        post(2, terms=frozenset({"iot"})),
        post(3, terms=frozenset({"big-data"})),
    ]
    index = RelatedIndex(posts, ONLY["terms"], now=NOW)
    [suggestion] = index.suggestions_for(1, 5)
    assert suggestion.post_id == 2
    assert suggestion.score == pytest.approx(0.5)
    assert suggestion.reasons["terms"] == ["iot"]


def test_shared_categories_count_for_posts_found_otherwise():
    posts = [
        post(1, categories=frozenset({7}), terms=frozenset({"x"})),
        post(2, categories=frozenset({7}), terms=frozenset({"x"})),
        post(3, categories=frozenset({8}), terms=frozenset({"x"})),
    ]
    index = RelatedIndex(posts, ONLY["categories"], now=NOW)
    assert ids(index, 1) == [2]


def test_similar_distinctive_words_count():
    posts = [
        post(1, words={"kafka": 0.8, "stream": 0.6}),
        post(2, words={"kafka": 0.9, "stream": 0.3, "topic": 0.3}),
        post(3, words={"dashboard": 1.0}),
    ]
    index = RelatedIndex(posts, ONLY["text"], now=NOW)
    [suggestion] = index.suggestions_for(1, 5)
    assert suggestion.post_id == 2
    assert suggestion.score == pytest.approx(0.8 * 0.9 + 0.6 * 0.3)
    # The most telling shared word first (kafka: 0.72, stream: 0.18).
    assert suggestion.reasons["words"] == ["kafka", "stream"]


def test_equally_telling_words_are_listed_alphabetically():
    posts = [
        post(1, words={"stream": 0.6, "kafka": 0.6}),
        post(2, words={"stream": 0.6, "kafka": 0.6}),
    ]
    index = RelatedIndex(posts, ONLY["text"], now=NOW)

    [suggestion] = index.suggestions_for(1, 5)

    assert suggestion.reasons["words"] == ["kafka", "stream"]


def test_distinctive_words_prefer_rare_words_and_title_counts_more():
    counts = {"data": 10, "kafka": 2}
    frequency = {"data": 90, "kafka": 2}
    words = distinctive_words(counts, frequency, total_documents=100)
    assert words["kafka"] > words.get("data", 0)
    assert tokens_of("The Data and the Kafka, über alles 2024") == ["data", "kafka"]


def test_weights_change_the_ranking():
    posts = [
        post(1, tags=frozenset({"t"}), terms=frozenset({"x"})),
        post(2, tags=frozenset({"t"})),
        post(3, terms=frozenset({"x"})),
        *filler(10),
    ]
    by_tags = RelatedIndex(
        posts, Weights(tags=2, terms=1, categories=0, text=0, recency=0), now=NOW
    )
    by_terms = RelatedIndex(
        posts, Weights(tags=1, terms=2, categories=0, text=0, recency=0), now=NOW
    )
    assert ids(by_tags, 1) == [2, 3]
    assert ids(by_terms, 1) == [3, 2]


def test_newer_posts_are_preferred_with_recency_decay():
    posts = [
        post(1, terms=frozenset({"x"})),
        post(2, days_old=700, terms=frozenset({"x"})),
        post(3, days_old=5, terms=frozenset({"x"})),
    ]
    weights = Weights(tags=0, terms=1, categories=0, text=0, recency=1, half_life_days=365)
    scores = {
        s.post_id: s.score for s in RelatedIndex(posts, weights, now=NOW).suggestions_for(1, 5)
    }
    assert scores[3] > scores[2]
    assert scores[2] == pytest.approx(0.5 ** (700 / 365))


def test_posts_below_the_threshold_are_not_suggested():
    posts = [
        post(1, terms=frozenset({"a", "b", "c", "d"})),
        post(2, terms=frozenset({"a"})),
    ]
    weights = Weights(tags=0, terms=1, categories=0, text=0, recency=0, min_score=0.3)
    assert ids(RelatedIndex(posts, weights, now=NOW), 1) == []


def test_ties_go_to_the_newer_post_then_the_lower_id():
    posts = [
        post(1, terms=frozenset({"x"})),
        post(4, days_old=20, terms=frozenset({"x"})),
        post(3, days_old=3, terms=frozenset({"x"})),
        post(2, days_old=3, terms=frozenset({"x"})),
    ]
    assert ids(RelatedIndex(posts, ONLY["terms"], now=NOW), 1) == [2, 3, 4]


def test_a_post_is_never_its_own_suggestion_and_exclusions_apply():
    posts = [post(n, terms=frozenset({"x"})) for n in (1, 2, 3)]
    index = RelatedIndex(posts, ONLY["terms"], now=NOW)
    assert 1 not in ids(index, 1)
    assert [s.post_id for s in index.suggestions_for(1, 5, exclude={2})] == [3]


# The candidate search walks inverted indexes (tags, terms, words) and sums shared signals as
# it goes; `score` applies the documented formula to one pair. Both must tell the same story
# for every post that shares something indexed (a category alone finds no candidate: the
# fallback of latest posts in the same category covers those).
LABELS = st.sampled_from(["a", "b", "c", "d", "e", "f"])
WORDS = st.dictionaries(
    st.sampled_from(["kafka", "stream", "cloud", "lake", "sensor"]),
    st.floats(min_value=0.05, max_value=1.0),
    max_size=4,
)
POSTS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3000),  # age in days
        st.frozensets(LABELS, max_size=3),
        st.frozensets(LABELS, max_size=3),
        st.frozensets(st.integers(min_value=1, max_value=3), max_size=2),
        WORDS,
    ),
    min_size=2,
    max_size=25,
)
WEIGHTS = st.builds(
    Weights,
    tags=st.floats(min_value=0, max_value=3),
    terms=st.floats(min_value=0, max_value=3),
    categories=st.floats(min_value=0, max_value=3),
    text=st.floats(min_value=0, max_value=3),
    recency=st.floats(min_value=0, max_value=1),
    half_life_days=st.floats(min_value=1, max_value=1000),
    min_score=st.floats(min_value=0, max_value=0.5),
)


def shares_something_indexed(index, subject, candidate):
    telling_tags = {tag for tag in subject.tags & candidate.tags if index.tag_weight[tag] > 0}
    return bool(
        telling_tags
        or subject.terms & candidate.terms
        or subject.words.keys() & candidate.words.keys()
    )


@settings(max_examples=200, deadline=None)
@given(specs=POSTS, weights=WEIGHTS)
def test_candidate_search_and_scoring_formula_agree(specs, weights):
    posts = [
        post(number, days_old=age, tags=tags, terms=terms, categories=categories, words=words)
        for number, (age, tags, terms, categories, words) in enumerate(specs, start=1)
    ]
    index = RelatedIndex(posts, weights, now=NOW)
    for subject in posts:
        found = index.suggestions_for(subject.id, len(posts))
        expected = sorted(
            (
                (-score, -candidate.timestamp, candidate.id)
                for candidate in posts
                if candidate.id != subject.id
                and shares_something_indexed(index, subject, candidate)
                for score in [index.score(subject, candidate)[0]]
                if score > 0 and score >= weights.min_score
            ),
        )
        assert [s.post_id for s in found] == [post_id for *_, post_id in expected]
        for suggestion, (negative_score, *_) in zip(found, expected, strict=True):
            assert suggestion.score == pytest.approx(-negative_score)
