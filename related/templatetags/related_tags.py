"""Template tags that show related posts.

- `{% related_picks value as picks %}` inside the block's template: the block's posts.
- `{% related_posts page %}`: the default block (three automatic picks) for a post whose
  body has none, e.g. at the end of the host site's post template.
"""

from django import template

from ..blocks import RelatedPostsBlock
from ..picks import related_posts_for

register = template.Library()


def _picks(context, value):
    page = context.get("page")
    request = context.get("request")
    if page is None or not page.pk:  # a preview of a post never saved
        return []
    return related_posts_for(
        page,
        value["count"],
        pinned=value["pinned"],
        excluded=value["excluded"],
        automatic=value["mode"] != "pinned",
        request=request,
    )


@register.simple_tag(takes_context=True)
def related_picks(context, value):
    """The Picks of a related-posts block's `value` for the page being rendered."""
    return _picks(context, value)


@register.simple_tag(takes_context=True)
def related_posts(context, page):
    """The default related-posts block for `page`, rendered."""
    block = RelatedPostsBlock()
    return block.render(block.get_default(), context={**context.flatten(), "page": page})
