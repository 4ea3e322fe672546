"""Factories and fixtures shared by every app's tests."""

import io

import factory
import pytest
import wagtail_factories
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage, BlogSettings


def png_bytes(size=(64, 36), colour=(30, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(wagtail_factories.ImageFactory):
    file = factory.django.FileField(filename="picture.png", data=factory.LazyFunction(png_bytes))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    role = "Data Engineer"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogCategory
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = "blog"


class BlogPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    teaser = "A short teaser."
    date = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>Some words about data and clouds.</p>"))]
    )

    @factory.post_generation
    def tags(self, create, names, **kwargs):
        if names:
            self.tags.set(names)
            self.save()

    @factory.post_generation
    def categories(self, create, categories, **kwargs):
        if categories:
            self.categories.set(categories)
            self.save()

    @factory.post_generation
    def authors(self, create, authors, **kwargs):
        if authors:
            self.authors.set(authors)
            self.save()


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
