from .pages import BlogIndexPage, BlogPage, BlogPageTag
from .site_settings import BlogSettings, SocialProfileBlock
from .snippets import Author, BlogCategory

__all__ = [
    "Author",
    "BlogCategory",
    "BlogIndexPage",
    "BlogPage",
    "BlogPageTag",
    "BlogSettings",
    "SocialProfileBlock",
]
