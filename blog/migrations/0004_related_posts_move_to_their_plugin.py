"""Related posts moved from the blog into their own plugin (`related`): the weights editors
set and the stored suggestions go with them, then the blog's copies are removed."""

import wagtail.fields
from django.db import migrations

WEIGHT_FIELDS = [
    "tag_weight",
    "term_weight",
    "category_weight",
    "text_weight",
    "recency_weight",
    "recency_half_life_days",
    "min_score",
    "fallback",
]


def copy_to_the_plugin(apps, schema_editor):
    BlogSettings = apps.get_model("blog", "BlogSettings")
    RelatedPostsSettings = apps.get_model("related", "RelatedPostsSettings")
    for settings in BlogSettings.objects.all():
        RelatedPostsSettings.objects.update_or_create(
            site_id=settings.site_id,
            defaults={name: getattr(settings, name) for name in WEIGHT_FIELDS},
        )
    OldFeatures = apps.get_model("blog", "RelatedFeatures")
    NewFeatures = apps.get_model("related", "RelatedFeatures")
    NewFeatures.objects.bulk_create(
        NewFeatures(
            post_id=row.post_id,
            group=row.site_root_path,
            timestamp=row.timestamp,
            tags=row.tags,
            terms=row.terms,
            categories=row.categories,
            word_counts=row.word_counts,
        )
        for row in OldFeatures.objects.iterator()
    )
    OldPost = apps.get_model("blog", "RelatedPost")
    NewPost = apps.get_model("related", "RelatedPost")
    NewPost.objects.bulk_create(
        NewPost(
            post_id=row.post_id,
            candidate_id=row.candidate_id,
            rank=row.rank,
            score=row.score,
            reasons=row.reasons,
        )
        for row in OldPost.objects.iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0003_blogpage_sidebar_whitepaper_alter_blogpage_body'),
        ('related', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(copy_to_the_plugin, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='blogsettings',
            name='category_weight',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='fallback',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='min_score',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='recency_half_life_days',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='recency_weight',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='tag_weight',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='term_weight',
        ),
        migrations.RemoveField(
            model_name='blogsettings',
            name='text_weight',
        ),
        migrations.AlterField(
            model_name='blogpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 6), ('quote', 9), ('callout', 12), ('embed', 13), ('link_list', 19), ('related_posts', 28), ('whitepaper', 31)], block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 200}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3')]}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul', 'code', 'superscript', 'subscript', 'strikethrough', 'glossary'], 'icon': 'pilcrow'}), 4: ('wagtail.images.blocks.ImageBlock', [], {}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 300, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {}), 8: ('wagtail.blocks.CharBlock', (), {'max_length': 200, 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('quote', 7), ('attribution', 8)]], {}), 10: ('wagtail.blocks.CharBlock', (), {'max_length': 300}), 11: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional short explanation.', 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('text', 10), ('note', 11)]], {}), 13: ('wagtail.embeds.blocks.EmbedBlock', (), {'help_text': 'A YouTube, Vimeo or other oEmbed URL.', 'icon': 'media'}), 14: ('wagtail.blocks.PageChooserBlock', (), {'required': False}), 15: ('wagtail.blocks.URLBlock', (), {'label': 'External URL', 'required': False}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': "Defaults to the page's title.", 'max_length': 200, 'required': False}), 17: ('wagtail.blocks.StructBlock', [[('page', 14), ('url', 15), ('title', 16)]], {}), 18: ('wagtail.blocks.ListBlock', (17,), {'min_num': 1}), 19: ('wagtail.blocks.StructBlock', [[('heading', 8), ('links', 18)]], {}), 20: ('wagtail.blocks.CharBlock', (), {'default': 'This may interest you too', 'max_length': 120}), 21: ('wagtail.blocks.IntegerBlock', (), {'default': 3, 'label': 'Number of posts', 'max_value': 12, 'min_value': 1}), 22: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('pinned_then_auto', 'Pinned posts, then automatic picks'), ('pinned', 'Pinned posts only')]}), 23: ('wagtail.blocks.PageChooserBlock', (), {'page_type': ['blog.BlogPage']}), 24: ('wagtail.blocks.ListBlock', (23,), {'default': [], 'help_text': 'Shown first, in this order.', 'label': 'Pinned posts'}), 25: ('wagtail.blocks.ListBlock', (23,), {'default': [], 'label': 'Never suggest'}), 26: ('wagtail.blocks.BooleanBlock', (), {'default': False, 'label': 'Show teasers', 'required': False}), 27: ('wagtail.blocks.BooleanBlock', (), {'default': False, 'label': 'Show images', 'required': False}), 28: ('wagtail.blocks.StructBlock', [[('heading', 20), ('count', 21), ('mode', 22), ('pinned', 24), ('excluded', 25), ('show_teaser', 26), ('show_image', 27)]], {}), 29: ('wagtail.blocks.PageChooserBlock', (), {'page_type': ['whitepapers.WhitepaperPage']}), 30: ('wagtail.blocks.CharBlock', (), {'default': 'Free Whitepaper', 'max_length': 80, 'required': False}), 31: ('wagtail.blocks.StructBlock', [[('whitepaper', 29), ('heading', 30)]], {})}),
        ),
        migrations.DeleteModel(
            name='RelatedFeatures',
        ),
        migrations.DeleteModel(
            name='RelatedPost',
        ),
    ]
