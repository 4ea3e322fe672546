"""The editor's view of what the system picks for a post, and why."""

from wagtail.admin.panels import Panel

from . import conf
from .models import RelatedPost
from .picks import reason_text

__all__ = ["RelatedPostsPanel"]


class RelatedPostsPanel(Panel):
    """Shows the automatic related-post picks of the post being edited, and why; add it to
    the post model's panels (e.g. beside a "show related posts" switch)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "related/admin/related_posts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            rows = []
            if self.instance and self.instance.pk:
                picks = list(
                    RelatedPost.objects.filter(post_id=self.instance.pk).order_by("rank")[
                        : conf.KEEP
                    ]
                )
                titles = dict(
                    conf.post_model()
                    .objects.filter(pk__in=[pick.candidate_id for pick in picks])
                    .values_list("pk", conf.field_name("title"))
                )
                rows = [
                    (pick, titles.get(pick.candidate_id, ""), reason_text(pick.reasons))
                    for pick in picks
                ]
            context["picks"] = rows
            return context
