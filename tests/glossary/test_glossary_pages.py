"""The A–Z glossary, a page per term, search, sitemap."""

import json
import re

import pytest
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db


def test_index_lists_live_terms_by_letter_with_disabled_letters(client, make_term):
    make_term("Big Data", definition="Lots of data.")
    make_term("Apache Kafka")
    make_term("Übermorgen")
    make_term("4D Printing")
    make_term("Secret", publish=False)
    html = client.get("/glossary/").content.decode()
    assert '<a href="#letter-a">A</a>' in html
    assert '<a href="#letter-b">B</a>' in html
    assert '<a href="#letter-u">U</a>' in html  # umlauts filed under their base letter
    assert '<span aria-disabled="true" title="No terms under C">C</span>' in html
    assert "Lots of data." in html
    assert "Secret" not in html
    assert html.index("Apache Kafka") < html.index("Big Data")
    assert '<a href="/glossary/4d-printing/">4D Printing</a>' in html


def test_index_has_defined_term_set_json_ld(client, make_term):
    make_term("Big Data")
    html = client.get("/glossary/").content.decode()
    payload = re.search(
        r'<script id="[^"]*" type="application/ld\+json">(.*?)</script>', html, re.S
    )
    payload = payload or re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    data = json.loads(payload.group(1))
    assert data["@type"] == "DefinedTermSet"
    assert data["hasDefinedTerm"][0]["name"] == "Big Data"


def test_term_page_shows_definitions_synonyms_connections_and_posts(client, make_post, make_term):
    hadoop = make_term("Hadoop")
    spark = make_term("Spark")
    defining = make_post(title="What is Big Data?")
    big_data = make_term(
        "Big Data",
        variants="big data\nBigData",
        definition="Data too big for one machine.",
        long_definition="<p>Big Data means <b>volume</b>, and Big Data again.</p>",
        defining_page=defining,
    )
    big_data.related_terms.set([hadoop])
    big_data.contrasting_terms.set([spark])
    big_data.save_revision().publish()
    older = make_post(title="Older mention", body=[("paragraph", RichText("<p>BigData!</p>"))])
    newer = make_post(title="Newer mention", body=[("paragraph", RichText("<p>Big Data!</p>"))])
    make_post(title="No mention")
    html = client.get("/glossary/big-data/").content.decode()
    assert "<h1>Big Data</h1>" in html
    assert "Data too big for one machine." in html
    assert "<strong>Also:</strong> BigData" in html
    assert "Big Data means <b>volume</b>" in html
    assert 'data-glossary-term="big-data"' not in html  # never linked on its own page
    assert 'href="/glossary/hadoop/">Hadoop</a>' in html
    assert "Big Data ≠ <a" in html and ">Spark</a>" in html
    assert f'<a href="{defining.url}">What is Big Data?</a>' in html
    posts = html.split('id="posts-explaining"')[1].split("</section>")[0]
    assert posts.index("Newer mention") < posts.index("Older mention")
    assert "No mention" not in posts
    data = json.loads(re.search(r'type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "DefinedTerm" and data["alternateName"] == ["BigData"]
    assert older.pk and newer.pk


def test_unpublished_posts_do_not_explain_terms(client, make_post, make_term):
    make_term("Hadoop")
    post = make_post(title="Hadoop post", body=[("paragraph", RichText("<p>Hadoop</p>"))])
    post.unpublish()
    html = client.get("/glossary/hadoop/").content.decode()
    assert "Hadoop post" not in html
    assert "No post mentions this term yet." in html


def test_publishing_a_term_finds_posts_that_already_mention_it(
    client, make_post, make_term, django_capture_on_commit_callbacks
):
    make_post(title="Early post", body=[("paragraph", RichText("<p>About Kafka.</p>"))])
    with django_capture_on_commit_callbacks(execute=True):
        make_term("Kafka")
    assert "Early post" in client.get("/glossary/kafka/").content.decode()


@pytest.mark.parametrize("url", ["/glossary/no-such-term/", "/glossary/draft-term/"])
def test_unknown_or_draft_term_is_not_found(client, make_term, url):
    make_term("Draft term", publish=False)
    assert client.get(url).status_code == 404


def test_term_pages_are_in_the_sitemap(client, make_term):
    make_term("Hadoop")
    make_term("Hidden", publish=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/glossary/hadoop/</loc>" in xml
    assert "/glossary/</loc>" in xml
    assert "hidden" not in xml


def test_site_search_finds_terms(client, make_term, make_post):
    make_term("Hadoop", definition="A framework for big clusters.")
    make_post(title="Unrelated")
    html = client.get("/search/", {"q": "hadoop"}).content.decode()
    assert "In the glossary" in html
    assert '<a href="/glossary/hadoop/">Hadoop</a>' in html
