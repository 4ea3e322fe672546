"""What readers see: the index, a post, tags, categories, feeds, search, sitemap."""

import json
import re

import pytest
from wagtail.rich_text import RichText

from tests.factories import AuthorFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db


def cards(html):
    return re.findall(r'<h2 class="post-card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_index_lists_newest_post_first_with_teaser_authors_and_tags(client, make_post):
    make_post(title="Older post", date="2026-01-01T10:00Z")
    make_post(
        title="Newer post",
        date="2026-02-01T10:00Z",
        teaser="What a teaser says.",
        authors=[AuthorFactory(name="Lena Hoffmann")],
        tags=["Big Data"],
    )
    html = client.get("/").content.decode()
    assert cards(html) == ["Newer post", "Older post"]
    assert "What a teaser says." in html
    assert "Lena Hoffmann" in html
    assert 'href="/tag/big-data/"' in html


def test_index_paginates_ten_posts_per_page(client, make_post):
    for number in range(12):
        make_post(title=f"Paged post {number:02d}", date=f"2026-01-{number + 1:02d}T10:00Z")
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert len(cards(first)) == 10
    assert cards(second) == ["Paged post 01", "Paged post 00"]
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_sidebar_and_footer_show_company_settings(client, make_post):
    make_post(title="Listed in the sidebar")
    html = client.get("/").content.decode()
    for text in [
        "*umBlog",
        "Worth knowing from the world of data",
        "The unbelievable Machine Company GmbH",
        "Grolmanstr. 40",
        "D-10623 Berlin",
        "+49-30-889 26 56-0",
        "Fax: +49-30-889 26 56-11",
        "Social Media",
        "https://linkedin.example/um",
        "Working at *um:",
        "https://example.com/careers/",
        "Latest Blog Posts",
    ]:
        assert text in html, text
    assert re.search(r'id="sidebar-latest".*Listed in the sidebar', html, re.S)


def test_latest_posts_count_follows_site_settings(client, blog_index, make_post):
    from blog.models import BlogSettings

    for number in range(4):
        make_post(title=f"Recent {number}")
    settings = BlogSettings.objects.get()
    settings.latest_posts_count = 2
    settings.save()
    html = client.get("/").content.decode()
    sidebar = html.split('id="sidebar-latest"')[1].split("</section>")[0]
    assert sidebar.count("<li>") == 2


def test_post_page_renders_body_blocks_meta_and_reading_time(client, make_post):
    image = ImageFactory()
    post = make_post(
        title="Defining digitalization",
        teaser="Industry 4.0 or IoT?",
        header_image=image,
        header_image_alt="Connected machines",
        authors=[AuthorFactory(name="Jonas Weber", role="Cloud Architect")],
        categories=[CategoryFactory(name="Definitions", slug="definitions")],
        tags=["Industry 4.0"],
        body=[
            ("heading", {"text": "What is the difference?", "level": "h2"}),
            ("paragraph", RichText("<p>" + "word " * 450 + "</p>")),
            ("callout", {"text": "Industry 4.0 ≠ Internet of Things", "note": ""}),
            ("quote", {"quote": "Data is a team sport.", "attribution": "Someone"}),
        ],
    )
    html = client.get(post.url).content.decode()
    assert "<h1>Defining digitalization</h1>" in html
    assert '<h2 id="what-is-the-difference">What is the difference?</h2>' in html
    assert "Industry 4.0 ≠ Internet of Things" in html
    assert "<blockquote>" in html
    assert "2 min read" in html
    assert 'alt="Connected machines"' in html
    assert "Cloud Architect" in html
    assert 'href="/category/definitions/"' in html


def test_post_page_has_canonical_open_graph_and_json_ld(client, make_post):
    post = make_post(
        title="Seen by search engines",
        teaser="A teaser <for> machines",
        header_image=ImageFactory(),
        authors=[AuthorFactory(name="Aylin Demir")],
    )
    html = client.get(post.url).content.decode()
    # The site's own address (Settings → Sites), not the Host the client sent.
    assert f'<link rel="canonical" href="http://localhost{post.url}">' in html
    assert '<meta property="og:title" content="Seen by search engines">' in html
    assert 'property="og:image" content="http://localhost/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<for>" not in payload  # escaped so it cannot break out of the script element
    data = json.loads(payload)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Seen by search engines"
    assert data["description"] == "A teaser <for> machines"
    assert data["author"] == [{"@type": "Person", "name": "Aylin Demir"}]


def test_share_links_are_plain_links_without_third_party_scripts(client, make_post):
    post = make_post(title="Share me")
    html = client.get(post.url).content.decode()
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Flocalhost%2F" in html
    assert "https://www.xing.com/spi/shares/new?url=" in html
    scripts = re.findall(r'<script[^>]* src="([^"]*)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_link_list_skips_unpublished_target(client, make_post):
    target = make_post(title="Link target")
    post = make_post(
        title="Has links",
        body=[
            (
                "link_list",
                {
                    "heading": "This may interest you too:",
                    "links": [
                        {"page": target, "url": "", "title": ""},
                        {"page": None, "url": "https://example.org/", "title": "Elsewhere"},
                    ],
                },
            )
        ],
    )
    html = client.get(post.url).content.decode()
    assert f'<a href="{target.url}">Link target</a>' in html
    assert '<a href="https://example.org/">Elsewhere</a>' in html
    target.unpublish()
    assert "Link target" not in client.get(post.url).content.decode()


def test_tag_page_lists_only_posts_with_that_tag(client, make_post):
    make_post(title="Tagged", tags=["Big Data"])
    make_post(title="Untagged", tags=["Cloud"])
    html = client.get("/tag/big-data/").content.decode()
    assert cards(html) == ["Tagged"]
    assert "Posts tagged “Big Data”" in html
    assert 'href="/tag/big-data/feed/"' in html


def test_category_page_lists_only_posts_in_that_category(client, make_post):
    definitions = CategoryFactory(name="Definitions", slug="definitions")
    make_post(title="A definition", categories=[definitions])
    make_post(title="Something else")
    html = client.get("/category/definitions/").content.decode()
    assert cards(html) == ["A definition"]


def test_empty_category_says_so(client, blog_index):
    CategoryFactory(name="Cloud", slug="cloud")
    response = client.get("/category/cloud/")
    assert response.status_code == 200
    assert "No posts here yet." in response.content.decode()


def test_rss_and_atom_feeds_list_posts_with_absolute_links(client, make_post):
    post = make_post(title="In the feed", teaser="Feed teaser", tags=["IoT"])
    rss = client.get("/feed/")
    atom = client.get("/feed/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert f"<link>http://localhost{post.url}</link>" in rss.content.decode()
    assert "<title>*umBlog</title>" in rss.content.decode()
    assert "In the feed" in atom.content.decode()


def test_tag_feed_lists_only_that_tag(client, make_post):
    make_post(title="About IoT", tags=["IoT"])
    make_post(title="About Cloud", tags=["Cloud"])
    for url in ["/tag/iot/feed/", "/tag/iot/feed/atom/"]:
        feed = client.get(url).content.decode()
        assert "About IoT" in feed and "About Cloud" not in feed
        assert "posts tagged “IoT”" in feed


@pytest.mark.parametrize("query", ["teaser phrase", "Unique Title", "bodyword", "hadoop"])
def test_search_finds_posts_by_title_teaser_body_and_tags(client, make_post, query):
    make_post(
        title="Unique Title",
        teaser="A teaser phrase",
        body=[("paragraph", RichText("<p>A bodyword here.</p>"))],
        tags=["Hadoop"],
    )
    make_post(title="Unrelated")
    html = client.get("/search/", {"q": query}).content.decode()
    assert cards(html) == ["Unique Title"]
    assert "1 post found" in html


def test_sitemap_lists_index_and_posts(client, make_post):
    post = make_post(title="Mapped")
    xml = client.get("/sitemap.xml").content.decode()
    # Sitemaps use the hostname configured on the Wagtail site, not the request's.
    assert f"<loc>{post.full_url}</loc>" in xml
    assert f"<loc>{post.get_parent().full_url}</loc>" in xml


def test_robots_txt_points_to_sitemap_and_hides_admin(client, blog_index):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_not_found_page_looks_like_the_site(client, blog_index):
    response = client.get("/no-such-post/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "The unbelievable Machine Company GmbH" in html
    assert 'class="skip-link"' in html


def test_server_error_page_renders_without_request_or_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "/static/css/site.css" in html


def test_pages_have_landmarks_and_skip_link(client, make_post):
    post = make_post(title="Accessible")
    for url in ["/", post.url]:
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html
        assert "<header" in html and "<footer" in html and "<aside" in html
        assert '<html lang="en">' in html
