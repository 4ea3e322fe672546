"""How the blog feeds the glossary: which text its posts show, and when it changes."""

from wagtail.signals import page_published

from glossary.mentions import register_text_source, update_mentions

from .models import BlogPage


def live_post_texts():
    for post in BlogPage.objects.live().iterator(chunk_size=200):
        yield post, post.glossary_text()


def post_published(sender, instance, **kwargs):
    update_mentions(instance, instance.glossary_text())


def connect():
    register_text_source(live_post_texts)
    page_published.connect(post_published, sender=BlogPage, dispatch_uid="blog-glossary-mentions")
