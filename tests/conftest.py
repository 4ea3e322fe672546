"""Factories and fixtures shared by every app's tests."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from blog.models import BlogPage, BlogSettings
from tests.factories import PDF_BYTES, BlogIndexPageFactory, BlogPageFactory
from whitepapers.models import ConsentPurpose, ConsentVersion, Lead, WhitepaperPage
from whitepapers.setup import protected_collection


@pytest.fixture
def blog_index(db):
    """A blog front page as the default site's root, with the company's settings."""
    root = Page.get_first_root_node()
    index = BlogIndexPageFactory(parent=root, introduction="News about data.")
    site = Site.objects.get(is_default_site=True)
    site.root_page = index
    site.save()
    settings = BlogSettings.for_site(site)
    settings.blog_name = "*umBlog"
    settings.tagline = "Worth knowing from the world of data"
    settings.company_name = "The unbelievable Machine Company GmbH"
    settings.address = "Grolmanstr. 40\nD-10623 Berlin"
    settings.phone = "+49-30-889 26 56-0"
    settings.fax = "+49-30-889 26 56-11"
    settings.career_heading = "Working at *um:"
    settings.career_url = "https://example.com/careers/"
    settings.social_profiles = [
        ("profile", {"network": "linkedin", "url": "https://linkedin.example/um"})
    ]
    settings.save()
    return index


@pytest.fixture
def make_post(blog_index):
    """Create and publish a post under the blog index."""

    def make(**kwargs):
        kwargs.setdefault("parent", blog_index)
        post = BlogPageFactory(**kwargs)
        post.save_revision().publish()
        return BlogPage.objects.get(pk=post.pk)

    return make


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with empty caches, as the database starts empty."""
    from django.core.cache import cache

    from glossary import linking

    cache.clear()
    linking._built.clear()
    yield
    cache.clear()
    linking._built.clear()


@pytest.fixture
def glossary_page(blog_index):
    from glossary.models import GlossaryIndexPage

    page = blog_index.add_child(instance=GlossaryIndexPage(title="Glossary", slug="glossary"))
    page.save_revision().publish()
    return page


@pytest.fixture
def make_term(glossary_page):
    """Create and publish a glossary term."""
    from django.utils.text import slugify

    from glossary.models import GlossaryTerm

    def make(name, variants="", exact_variants="", definition=None, publish=True, **kwargs):
        term = GlossaryTerm(
            name=name,
            slug=kwargs.pop("slug", slugify(name)),
            variants=variants,
            exact_variants=exact_variants,
            short_definition=definition or f"What {name} means.",
            live=False,
            **kwargs,
        )
        term.save()
        if publish:
            term.save_revision().publish()
        return GlossaryTerm.objects.get(pk=term.pk)

    return make


@pytest.fixture(scope="session")
def initial_data(django_db_setup, django_db_blocker):
    """What migrations put in the test database (Wagtail's root page, site, groups)."""
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", None) or (
            connection.creation.serialize_db_to_string()
        )


@pytest.fixture
def restore_initial_data(transactional_db, initial_data):
    """Put the migrations' data back after an earlier browser test flushed it.

    Django would restore it itself (serialized_rollback), but once Playwright's event loop
    runs in this thread Django sees another connection object, which lacks the saved copy,
    so its flush re-creates only part of the data.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Page

    if not Page.objects.exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(initial_data)
        ContentType.objects.clear_cache()
        # The rows came back with their ids; move PostgreSQL's sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@pytest.fixture
def make_document(db):
    def make(title="Hadoop 2", filename="hadoop-2.pdf", protected=True):
        from wagtail.models import Collection

        document = get_document_model()(
            title=title,
            collection=protected_collection() if protected else Collection.get_first_root_node(),
        )
        document.file.save(filename, ContentFile(PDF_BYTES), save=False)
        document.save()
        return document

    return make


@pytest.fixture
def make_whitepaper(blog_index, make_document):
    """Create and publish a whitepaper page under the blog index."""

    def make(title="Hadoop 2", slug=None, publish=True, **kwargs):
        kwargs.setdefault("document", make_document(title=title))
        page = WhitepaperPage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            subtitle="How to realize big data projects successfully",
            language_label="German version",
            **kwargs,
        )
        blog_index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        else:
            page.unpublish()
        return WhitepaperPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def whitepaper(make_whitepaper):
    return make_whitepaper()


@pytest.fixture
def make_lead(db):
    """Store a lead directly, as the gate would."""

    def make(whitepaper, email="ada@example.com", confirmed=False, **kwargs):
        now = timezone.now()
        kwargs.setdefault("first_name", "Ada")
        kwargs.setdefault("last_name", "Lovelace")
        kwargs.setdefault("company", "Analytical Engines Ltd")
        return Lead.objects.create(
            whitepaper=whitepaper,
            whitepaper_title=whitepaper.title,
            email=email,
            consent=ConsentVersion.objects.current(ConsentPurpose.PROCESSING),
            consented_at=now,
            email_confirmed_at=now if confirmed else None,
            **kwargs,
        )

    return make
