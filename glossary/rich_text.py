"""The "glossary" rich-text feature: editors link a term by hand, like a page link.

Stored as `<a linktype="glossary" id="7">…</a>`; rendered as the same link the automatic
linker makes, so a manual link counts as the term's first occurrence and gets its tooltip.
"""

from django.urls import reverse_lazy
from draftjs_exporter import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.rich_text import LinkHandler

from .linker import TERM_ATTRIBUTE

__all__ = ["GlossaryLinkHandler", "register_glossary_feature"]

FEATURE = "glossary"
ENTITY = "GLOSSARY_TERM"


class GlossaryLinkHandler(LinkHandler):
    identifier = "glossary"

    @staticmethod
    def get_model():
        from .models import GlossaryTerm

        return GlossaryTerm

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        from .linking import current_glossary

        info_by_pk = {info.pk: info for info in current_glossary().info.values()}
        tags = []
        for attrs in attrs_list:
            try:
                info = info_by_pk.get(int(attrs.get("id", "")))
            except ValueError:
                info = None
            if info is None:  # unpublished or deleted term: keep the words, drop the link
                tags.append("<a>")
                continue
            tags.append(
                f'<a class="glossary-term" href="{info.url}" {TERM_ATTRIBUTE}="{info.key}" '
                f'aria-describedby="glossary-definition-{info.key}">'
            )
        return tags

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]


class GlossaryLinkElementHandler(LinkElementHandler):
    def get_attribute_data(self, attrs):
        from .models import GlossaryTerm

        try:
            term = GlossaryTerm.objects.get(pk=int(attrs["id"]))
        except (KeyError, ValueError, GlossaryTerm.DoesNotExist):
            return {"id": attrs.get("id"), "name": None}
        return {"id": term.pk, "name": term.name}


def glossary_link_entity(props):
    return DOM.create_element(
        "a", {"linktype": "glossary", "id": props.get("id")}, props["children"]
    )


def register_glossary_feature(features):
    features.register_link_type(GlossaryLinkHandler)
    features.register_editor_plugin(
        "draftail",
        FEATURE,
        draftail_features.EntityFeature(
            {
                "type": ENTITY,
                "icon": "help",
                "description": "Glossary term",
                "chooserUrls": {
                    "glossaryTermChooser": reverse_lazy(
                        "wagtailsnippetchoosers_glossary_glossaryterm:choose"
                    )
                },
            },
            js=["wagtailadmin/js/chooser-modal.js", "glossary/js/draftail-glossary.js"],
        ),
    )
    features.register_converter_rule(
        "contentstate",
        FEATURE,
        {
            "from_database_format": {'a[linktype="glossary"]': GlossaryLinkElementHandler(ENTITY)},
            "to_database_format": {"entity_decorators": {ENTITY: glossary_link_entity}},
        },
    )
