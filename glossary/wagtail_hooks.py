from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .rich_text import register_glossary_feature
from .viewsets import GlossaryTermViewSet

register_snippet(GlossaryTermViewSet)
hooks.register("register_rich_text_features")(register_glossary_feature)
