"""The "Related posts" block for a post's StreamField body."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

__all__ = ["RelatedPostsBlock"]


def _post_chooser():
    # Posts of the site's post model; the choice is checked again when rendering.
    return blocks.PageChooserBlock(
        page_type=getattr(settings, "RELATED_POSTS_MODEL", "wagtailcore.Page")
    )


class RelatedPostsBlock(blocks.StructBlock):
    """ "This may interest you too": pinned posts first, then the system's best picks.

    Its items come from `related.picks.related_posts_for` through the `related_picks`
    template tag. Not part of the post's searchable text (its heading is the same on every
    post, its settings are no words at all).
    """

    heading = blocks.CharBlock(max_length=120, default=_("This may interest you too"))
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("Number of posts"))
    mode = blocks.ChoiceBlock(
        choices=[
            ("pinned_then_auto", _("Pinned posts, then automatic picks")),
            ("pinned", _("Pinned posts only")),
        ],
        default="pinned_then_auto",
    )
    pinned = blocks.ListBlock(
        _post_chooser(),
        default=[],
        label=_("Pinned posts"),
        help_text=_("Shown first, in this order."),
    )
    excluded = blocks.ListBlock(_post_chooser(), default=[], label=_("Never suggest"))
    show_teaser = blocks.BooleanBlock(required=False, default=False, label=_("Show teasers"))
    show_image = blocks.BooleanBlock(required=False, default=False, label=_("Show images"))

    def __init__(self, local_blocks=None, search_index=False, **kwargs):
        super().__init__(local_blocks, search_index=search_index, **kwargs)

    class Meta:
        icon = "list-ul"
        template = "related/blocks/related_posts.html"
        label = _("Related posts")
