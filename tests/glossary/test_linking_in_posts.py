"""Readers see glossary terms linked in posts, always up to date with the glossary."""

import re

import pytest
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db

TERM_LINK = re.compile(r'<a class="glossary-term" href="([^"]+)" data-glossary-term="([^"]+)"')


def post_with(make_post, text, **kwargs):
    return make_post(body=[("paragraph", RichText(f"<p>{text}</p>"))], **kwargs)


def links_in(client, post):
    return TERM_LINK.findall(client.get(post.url).content.decode())


def test_post_links_first_mention_with_its_definition(client, make_post, make_term):
    make_term("Internet of Things", variants="IoT", definition="Connected everyday objects.")
    post = post_with(make_post, "The IoT and the Internet of Things.")
    html = client.get(post.url).content.decode()
    assert TERM_LINK.findall(html) == [("/glossary/internet-of-things/", "internet-of-things")]
    assert 'aria-describedby="glossary-definition-internet-of-things"' in html
    assert (
        '<span id="glossary-definition-internet-of-things" data-term-name="Internet of Things" '
        'data-term-url="/glossary/internet-of-things/">Connected everyday objects.</span>'
    ) in html


def test_definition_with_markup_shows_as_text(client, make_post, make_term):
    make_term("M2M", definition="<script>alert('x')</script> machines")
    post = post_with(make_post, "M2M everywhere")
    html = client.get(post.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; machines" in html


def test_publishing_a_new_term_links_it_in_existing_posts_at_once(client, make_post, make_term):
    post = post_with(make_post, "Big Data is big.")
    assert links_in(client, post) == []
    make_term("Big Data")
    assert links_in(client, post) == [("/glossary/big-data/", "big-data")]


def test_editing_a_terms_variants_changes_posts_at_once(client, make_post, make_term):
    term = make_term("Internet of Things")
    post = post_with(make_post, "The IoT grows.")
    assert links_in(client, post) == []
    term.variants = "IoT"
    term.save_revision().publish()
    assert links_in(client, post) == [("/glossary/internet-of-things/", "internet-of-things")]


def test_renaming_a_term_changes_its_links(client, make_post, make_term):
    term = make_term("Cloud")
    post = post_with(make_post, "Cloud and Cloud Computing")
    assert links_in(client, post) == [("/glossary/cloud/", "cloud")]
    term.name, term.slug = "Cloud Computing", "cloud-computing"
    term.save_revision().publish()
    assert links_in(client, post) == [("/glossary/cloud-computing/", "cloud-computing")]


def test_unpublishing_or_deleting_a_term_removes_its_links(client, make_post, make_term):
    kept, dropped = make_term("Hadoop"), make_term("Kafka")
    post = post_with(make_post, "Hadoop and Kafka")
    assert len(links_in(client, post)) == 2
    dropped.unpublish()
    assert links_in(client, post) == [("/glossary/hadoop/", "hadoop")]
    kept.delete()
    assert links_in(client, post) == []


def test_draft_changes_to_a_term_are_not_shown(client, make_post, make_term):
    term = make_term("Hadoop")
    post = post_with(make_post, "Hadoop and Spark")
    term.name = "Spark"
    term.save_revision()
    assert links_in(client, post) == [("/glossary/hadoop/", "hadoop")]


def test_post_can_switch_auto_linking_off(client, make_post, make_term):
    make_term("Hadoop")
    post = post_with(make_post, "Hadoop", glossary_auto_link=False)
    assert links_in(client, post) == []


def test_post_can_exclude_single_terms(client, make_post, make_term):
    make_term("Hadoop")
    kafka = make_term("Kafka")
    post = post_with(make_post, "Hadoop and Kafka")
    post.glossary_excluded_terms.set([kafka])
    post.save_revision().publish()
    assert links_in(client, post) == [("/glossary/hadoop/", "hadoop")]


def test_term_switched_off_is_not_linked_automatically(client, make_post, make_term):
    make_term("IT", exact_variants="IT", auto_link=False)
    post = post_with(make_post, "Our IT team")
    assert links_in(client, post) == []


def test_manual_link_counts_as_first_occurrence(client, make_post, make_term):
    term = make_term("Hadoop")
    post = post_with(make_post, f'<a linktype="glossary" id="{term.pk}">this framework</a>, Hadoop')
    html = client.get(post.url).content.decode()
    assert TERM_LINK.findall(html) == [("/glossary/hadoop/", "hadoop")]
    assert ">this framework</a>, Hadoop" in html
    assert 'id="glossary-definition-hadoop"' in html


def test_manual_link_to_unpublished_term_keeps_the_words(client, make_post, make_term):
    term = make_term("Hadoop")
    post = post_with(make_post, f'<a linktype="glossary" id="{term.pk}">this framework</a>')
    term.unpublish()
    html = client.get(post.url).content.decode()
    assert "this framework" in html
    assert 'data-glossary-term="hadoop"' not in html


def test_no_glossary_in_headings_and_protected_blocks(client, make_post, make_term):
    make_term("Hadoop")
    post = make_post(
        body=[
            ("heading", {"text": "Hadoop explained", "level": "h2"}),
            ("paragraph", RichText("<p>Hadoop is here.</p>")),
        ]
    )
    html = client.get(post.url).content.decode()
    assert '<h2 id="hadoop-explained">Hadoop explained</h2>' in html
    assert links_in(client, post) == [("/glossary/hadoop/", "hadoop")]


def test_post_page_queries_do_not_grow_with_terms(client, make_post, make_term):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post = post_with(make_post, " ".join(f"Term{n}" for n in range(60)))

    def count():
        client.get(post.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(post.url)
        return len(queries)

    for n in range(5):
        make_term(f"Term{n}")
    with_five = count()
    for n in range(5, 60):
        make_term(f"Term{n}")
    assert count() == with_five
    assert len(links_in(client, post)) == 60


def test_other_sites_can_link_any_html_with_the_template_tags(rf, make_term):
    """The glossary alone: {% glossary_link %} and {% glossary_definitions %} in any template."""
    from django.template import engines

    make_term("Hadoop", definition="Clusters.")
    template = engines["django"].from_string(
        "{% load glossary_tags %}{% glossary_link html as linked %}{{ linked }}"
        "{% glossary_definitions linked %}"
    )
    output = template.render({"html": "<p>Hadoop &amp; more</p>"}, rf.get("/"))
    assert '<a class="glossary-term" href="/glossary/hadoop/"' in output
    assert "&amp; more</p>" in output
    assert '<span id="glossary-definition-hadoop"' in output


def test_a_body_linked_by_the_template_tag_shows_its_blocks_for_the_page(rf, make_post, make_term):
    """Another site links a StreamField with `{% glossary_link page.body %}`: blocks that need
    the page they are on (the related-posts block) render for that page, not for none."""
    from django.template import engines

    make_term("Hadoop", definition="Clusters.")
    other = make_post(title="Hadoop on a budget")
    pinned = {"heading": "Read on", "count": 3, "mode": "pinned", "pinned": [other]}
    post = make_post(
        body=[("paragraph", RichText("<p>Hadoop at scale.</p>")), ("related_posts", pinned)]
    )
    template = engines["django"].from_string(
        "{% load glossary_tags %}{% glossary_link page.body as body %}{{ body }}"
    )
    output = template.render({"page": post}, rf.get(post.url))
    assert '<a class="glossary-term" href="/glossary/hadoop/"' in output
    assert f'<a href="{other.url}">Hadoop on a budget</a>' in output
