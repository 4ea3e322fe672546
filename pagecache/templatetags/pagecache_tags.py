"""`{% fragment "name" part … %}…{% endfragment %}`: a piece of a page kept for the current
content version (see `pagecache.fragments`). Previews and a switched-off page cache always
render it afresh; the parts say what else it depends on (the page, its publication)."""

from django import template

from ..fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return cached_fragment(
            context.get("request"),
            self.name.resolve(context),
            parts,
            lambda: self.nodelist.render(context),
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
