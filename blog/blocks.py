"""StreamField blocks of a blog post's body."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from related.blocks import RelatedPostsBlock
from whitepapers.blocks import WhitepaperTeaserBlock

__all__ = [
    "BlogStreamBlock",
    "CalloutBlock",
    "FigureBlock",
    "HeadingBlock",
    "LinkBlock",
    "LinkListBlock",
    "QuoteBlock",
]

RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "code",
    "superscript",
    "subscript",
    "strikethrough",
    "glossary",
]


class HeadingBlock(blocks.StructBlock):
    """A section heading (h2 or h3) with an anchor so readers can link to it."""

    text = blocks.CharBlock(max_length=200)
    # The level is layout, not words: kept out of the post's searchable text.
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2", search_index=False
    )

    class Meta:
        icon = "title"
        template = "blog/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value["text"])
        return context


class FigureBlock(blocks.StructBlock):
    """An image with alt text (or marked decorative) and an optional caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blog/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with an optional attribution."""

    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blog/blocks/quote.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted statement, like "Industry 4.0 ≠ Internet of Things"."""

    text = blocks.CharBlock(max_length=300)
    note = blocks.TextBlock(required=False, help_text="Optional short explanation.")

    class Meta:
        icon = "pick"
        template = "blog/blocks/callout.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to another website."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="External URL")
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Defaults to the page's title."
    )

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value["page"]) == bool(value["url"]):
            message = "Choose either a page or an external URL."
            raise blocks.StructBlockValidationError(block_errors={"page": ValidationError(message)})
        if value["url"] and not value["title"]:
            raise blocks.StructBlockValidationError(
                block_errors={"title": ValidationError("External links need a title.")}
            )
        return value


class LinkListBlock(blocks.StructBlock):
    """A heading and a short list of links ("Further reading")."""

    heading = blocks.CharBlock(required=False, max_length=200)
    links = blocks.ListBlock(LinkBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blog/blocks/link_list.html"


class BlogStreamBlock(blocks.StreamBlock):
    """Everything a post body may contain."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    figure = FigureBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    embed = EmbedBlock(icon="media", help_text="A YouTube, Vimeo or other oEmbed URL.")
    link_list = LinkListBlock()
    related_posts = RelatedPostsBlock()
    whitepaper = WhitepaperTeaserBlock()
