"""`load_demo_content` builds the demo blog, and running it again changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Site

from blog import demo_content
from blog.models import BlogIndexPage, BlogPage, BlogSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("load_demo_content", quiet_passwords=True)


def test_demo_builds_the_seed_post_and_the_three_it_links_to(client, demo):
    seed = BlogPage.objects.get(slug=demo_content.SEED_SLUG)
    html = client.get(seed.url).content.decode()
    assert "Defining digitalization: Industry 4.0 or Internet of Things?" in html
    for heading in [
        "What is the difference?",
        "What is Industry 4.0 (the Industrial Internet)?",
        "What is the Internet of Things?",
        "How will things develop?",
    ]:
        assert f">{heading}</h2>" in html
    assert "Industry 4.0 ≠ Internet of Things" in html
    assert "This may interest you too:" in html
    for title in [
        "What is cloud computing? – A definition",
        "What is Big Data? – A definition with five Vs",
        "What is a Chief Data Officer (CDO)?",
    ]:
        assert re.search(
            rf'<a href="/[^"]+/">{re.escape(title)}</a>',
            html.split('<nav class="related-posts')[1].split("</nav>")[0],
        )


def test_demo_has_a_dozen_posts_across_tags_and_categories(demo):
    posts = BlogPage.objects.live()
    assert posts.count() >= 12
    assert len({tag.name for post in posts for tag in post.tags.all()}) >= 8
    assert len({c.slug for post in posts for c in post.categories.all()}) >= 4
    assert all(post.header_image_id for post in posts)


def test_demo_blog_is_the_default_sites_front_page(client, demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, BlogIndexPage)
    settings = BlogSettings.for_site(site)
    assert settings.company_name == "The unbelievable Machine Company GmbH"
    assert settings.fax == "+49-30-889 26 56-11"
    html = client.get("/").content.decode()
    assert "Go to the Career Page" in html


def test_demo_users_log_in_with_demo_password(client, demo):
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert list(users.get(username="editor").groups.values_list("name", flat=True)) == ["Editors"]
    assert list(users.get(username="marketing").groups.values_list("name", flat=True)) == [
        "Marketing"
    ]
    # Through the admin's sign-in form, as a person signs in (with its lockout checks).
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a-demo-password-for-tests"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_running_demo_twice_adds_nothing(demo):
    counts = (
        BlogPage.objects.count(),
        get_image_model().objects.count(),
        get_user_model().objects.count(),
    )
    call_command("load_demo_content", quiet_passwords=True)
    assert counts == (
        BlogPage.objects.count(),
        get_image_model().objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_text_is_our_own_not_the_seed_text(demo):
    seed = BlogPage.objects.get(slug=demo_content.SEED_SLUG)
    text = " ".join(str(block.value) for block in seed.body)
    assert "marches on relentlessly" not in text
    assert "still remains a project of the future" not in text
