from wagtail.snippets.models import register_snippet

from .viewsets import AuthorViewSet, BlogCategoryViewSet

register_snippet(AuthorViewSet)
register_snippet(BlogCategoryViewSet)
