"""The linker as plain Python: no database, no Django."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.linker import Matcher, Term, link_terms

TERMS = [
    Term("iot", "/g/iot/", ("IoT", "Internet of Things")),
    Term("iiot", "/g/iiot/", ("Industrial Internet of Things",)),
    Term("industrial-internet", "/g/ii/", ("Industrial Internet",)),
    Term("industry-40", "/g/i40/", ("Industry 4.0", "Industrie 4.0")),
    Term("it", "/g/it/", (), ("IT",)),
    Term("cdo", "/g/cdo/", ("Chief Data Officer",), ("CDO",)),
    Term("grosse", "/g/grosse/", ("Größe", "Größen")),
    Term("m2m", "/g/m2m/", ("Machine-to-Machine", "M2M")),
]
MATCHER = Matcher(TERMS)
ANCHOR = re.compile(
    r'<a class="glossary-term" [^>]*data-glossary-term="([^"]+)"[^>]*>(.*?)</a>', re.S
)


def linked(html, **kwargs):
    """(term key, linked text) pairs, in order."""
    return ANCHOR.findall(link_terms(html, MATCHER, **kwargs).html)


def strip_added_links(html):
    return re.sub(r'<a class="glossary-term" [^>]*>(.*?)</a>', r"\1", html)


def test_longest_match_wins():
    assert linked("<p>The Industrial Internet of Things grows.</p>") == [
        ("iiot", "Industrial Internet of Things")
    ]


def test_shorter_terms_still_link_elsewhere():
    html = "<p>Industrial Internet of Things, Industrial Internet and IoT.</p>"
    assert [key for key, _ in linked(html)] == ["iiot", "industrial-internet", "iot"]


def test_only_first_occurrence_of_a_term_is_linked():
    assert linked("<p>IoT here.</p><p>Internet of Things there, IoT again.</p>") == [("iot", "IoT")]


def test_matching_ignores_case_unless_variant_is_exact():
    assert linked("<p>internet of things</p>") == [("iot", "internet of things")]
    assert linked("<p>it is fine, and cdo is not CDO</p>") == [("cdo", "CDO")]
    assert linked("<p>Our IT team</p>") == [("it", "IT")]


def test_whole_words_only():
    assert linked("<p>biotech and IoTs and MIT and bIoT</p>") == []


def test_punctuation_and_hyphens_are_word_boundaries():
    assert linked("<p>(IoT), IoT's</p>") == [("iot", "IoT")]
    assert linked("<p>Ein Industrie-4.0-Projekt.</p>") == [("industry-40", "Industrie-4.0")]


def test_umlauts_and_sharp_s():
    assert linked("<p>Die GRÖSSE zählt, die Größen auch.</p>") == [("grosse", "Größen")]
    assert linked("<p>Übergrößen</p>") == []


def test_text_inside_links_headings_code_buttons_is_never_linked():
    for tag in ["a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "button"]:
        html = f"<{tag}>IoT</{tag}>"
        assert link_terms(html, MATCHER).html == html, tag


def test_attributes_are_never_touched():
    html = '<p title="IoT"><img alt="IoT" src="iot.png"><span data-x="Industry 4.0">x</span></p>'
    assert link_terms(html, MATCHER).html == html


def test_no_glossary_class_protects_a_block_and_its_children():
    html = '<div class="note no-glossary"><p>IoT <b>M2M</b></p></div><p>IoT</p>'
    assert linked(html) == [("iot", "IoT")]
    assert link_terms(html, MATCHER).html.startswith('<div class="note no-glossary"><p>IoT <b>M2M')


def test_nested_markup_is_kept():
    html = "<ul><li><b>Big</b> <i>IoT <em>and</em></i> more</li></ul>"
    assert strip_added_links(link_terms(html, MATCHER).html) == html
    assert linked(html) == [("iot", "IoT")]


def test_entities_stay_as_written_and_match_as_text():
    html = "<p>Industry&nbsp;4.0 &amp; IoT &lt;M2M&gt;</p>"
    result = link_terms(html, MATCHER).html
    assert strip_added_links(result) == html
    assert [key for key, _ in ANCHOR.findall(result)] == ["industry-40", "iot", "m2m"]


def test_malformed_html_does_not_break():
    for html in ["<p>IoT <b>M2M</p>", "<p>IoT</div></span>", "IoT <", "<a href='x'>IoT", "<<>>IoT"]:
        assert strip_added_links(link_terms(html, MATCHER).html) == html


def test_unclosed_link_protects_the_rest():
    assert linked('<p><a href="/x">IoT and M2M</p><p>IoT</p>') == []


def test_existing_term_link_counts_as_first_occurrence():
    html = '<p><a class="glossary-term" href="/g/iot/" data-glossary-term="iot">the IoT</a> IoT</p>'
    result = link_terms(html, MATCHER)
    assert result.html == html
    assert result.manual == ["iot"]


def test_linking_twice_changes_nothing():
    once = link_terms("<p>IoT, M2M and Industry 4.0</p>", MATCHER).html
    assert link_terms(once, MATCHER).html == once


def test_excluded_terms_are_not_linked():
    assert linked("<p>IoT and M2M</p>", exclude={"iot"}) == [("m2m", "M2M")]


def test_term_text_from_editors_is_escaped():
    matcher = Matcher([Term('x"y', '/g/"><script>/', ("<b>",), ())])
    html = link_terms("<p>a &lt;b&gt; b</p>", matcher).html
    assert "<script>" not in html
    assert 'href="/g/&quot;&gt;&lt;script&gt;/"' in html


def test_empty_html_and_empty_glossary():
    assert link_terms("", MATCHER).html == ""
    assert link_terms("<p>IoT</p>", Matcher([])).html == "<p>IoT</p>"


TEXT = st.text(alphabet=st.sampled_from(list("IoT M2Mabc<>&;/\"'=- äßÜ4.0\n")), max_size=60)
FRAGMENTS = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<b>",
                "</b>",
                "<a href='#'>",
                "</a>",
                "<h2>",
                "</h2>",
                "&amp;",
                "&nbsp;",
                "<br>",
                "<img alt='IoT'>",
                "IoT",
                "Industry 4.0",
                "Internet of Things",
                "<!-- IoT -->",
                "<code>",
                "</code>",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(FRAGMENTS)
def test_linking_only_adds_links(fragments):
    html = "".join(fragments)
    result = link_terms(html, MATCHER).html
    assert strip_added_links(result) == html


def test_unfinished_trailing_tag_is_never_linked():
    for html in ['<p>x</p><b title="x IoT M2M"', '<p title="IoT>M2M', "<div\n IoT"]:
        assert link_terms(html, MATCHER).html == html


def test_line_breaks_inside_a_term_still_match():
    assert linked("<p>The Internet of\nThings</p>") == [("iot", "Internet of\nThings")]
