"""Editor panels that explain what the system does for a post."""

from wagtail.admin.panels import Panel

__all__ = ["RelatedPostsPanel"]


class RelatedPostsPanel(Panel):
    """Shows the automatic related-post picks of the post being edited, and why."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/related_posts_panel.html"

        def get_context_data(self, parent_context=None):
            from ..related_posts import KEEP, reason_text
            from .related import RelatedPost

            context = super().get_context_data(parent_context)
            rows = []
            if self.instance and self.instance.pk:
                picks = (
                    RelatedPost.objects.filter(post_id=self.instance.pk)
                    .select_related("candidate")
                    .order_by("rank")[:KEEP]
                )
                rows = [(pick, reason_text(pick.reasons)) for pick in picks]
            context["picks"] = rows
            return context
