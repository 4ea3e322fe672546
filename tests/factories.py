"""Factories for the tests' pages, images, authors and categories (factory_boy), and helpers
that build several at once. Import them from here, never from another test module."""

import io

import factory
import wagtail_factories
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.rich_text import RichText

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage

# The smallest PDF readers could open: what whitepaper documents hold in the tests.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


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


def fill_blog(blog_index, count, start=0):
    image = ImageFactory()
    author = AuthorFactory()
    category = CategoryFactory(name="Definitions", slug="definitions")
    return [
        # Live pages straight from the factory: revisions are not needed to list them.
        BlogPageFactory(
            parent=blog_index,
            title=f"Post {number}",
            slug=f"post-{number}",
            header_image=image,
            authors=[author],
            categories=[category],
            tags=["Big Data", f"tag-{number}"],
        )
        for number in range(start, start + count)
    ]
