"""Admin listings of the blog's snippets."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, BlogCategory

__all__ = ["AuthorViewSet", "BlogCategoryViewSet"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug"]
    search_fields = ["name"]
