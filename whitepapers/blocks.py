"""A whitepaper teaser for StreamField bodies."""

from wagtail import blocks

__all__ = ["WhitepaperTeaserBlock"]


class WhitepaperTeaserBlock(blocks.StructBlock):
    """The "Free Whitepaper" box inside an article, linking to the whitepaper's gate."""

    whitepaper = blocks.PageChooserBlock(page_type="whitepapers.WhitepaperPage")
    heading = blocks.CharBlock(required=False, default="Free Whitepaper", max_length=80)

    class Meta:
        icon = "doc-full-inverse"
        label = "Whitepaper teaser"
        template = "whitepapers/blocks/whitepaper_teaser.html"
