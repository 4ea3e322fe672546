"""Generate many plausible live posts quickly, for benchmarks and load tests.

Posts are written with bulk inserts (no revisions, no search indexing), under the first blog
index. Topics give posts shared tags, categories and words, so related posts have signal.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from blog.models import BlogCategory, BlogIndexPage, BlogPage, BlogPageTag

SYLLABLES = "da ta clo ud ser ver pi pe li ne mo del sen sor gra ph que ry sto re".split()
# Forty topics of twelve made-up words each: posts on one topic share words and tags.
_vocabulary_rng = random.Random(7)
TOPICS = {
    f"topic{number:02d}": sorted(
        {
            "".join(_vocabulary_rng.choice(SYLLABLES) for _ in range(3)) + str(number)
            for _ in range(12)
        }
    )
    for number in range(40)
}
COMMON = "team company customers decision project results practice example value process".split()
BATCH = 1000


class Command(BaseCommand):
    help = "Add N generated live posts under the first blog index (fast bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("count must be at least 1.")
        index = BlogIndexPage.objects.first()
        if index is None:
            raise CommandError("No blog index page: run load_demo_content first.")
        created = generate_posts(index, count, random.Random(seed))
        self.stdout.write(self.style.SUCCESS(f"{created} posts generated."))


@transaction.atomic
def generate_posts(index, count, rng):
    index = Page.objects.select_for_update().get(pk=index.pk)
    content_type = ContentType.objects.get_for_model(BlogPage)
    locale = Locale.get_default()
    categories = {
        topic: BlogCategory.objects.get_or_create(
            slug=f"generated-{int(topic[5:]) % 8}",
            defaults={"name": f"Generated category {int(topic[5:]) % 8}"},
        )[0]
        for topic in TOPICS
    }
    tags = {
        word: Tag.objects.get_or_create(slug=word, defaults={"name": word})[0]
        for words in TOPICS.values()
        for word in words
    }
    now = timezone.now()
    made = 0
    start = index.numchild
    while made < count:
        size = min(BATCH, count - made)
        specs = [_spec(rng, now) for _ in range(size)]
        pages = []
        for offset, spec in enumerate(specs):
            position = start + made + offset + 1
            slug = f"generated-{uuid.uuid4().hex[:12]}"
            pages.append(
                Page(
                    title=spec["title"],
                    draft_title=spec["title"],
                    slug=slug,
                    path=index._get_path(index.path, index.depth + 1, position),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    live=True,
                    first_published_at=spec["date"],
                    last_published_at=spec["date"],
                )
            )
        Page.objects.bulk_create(pages)
        through = BlogPage.categories.through
        category_links, tag_links = [], []
        for page, spec in zip(pages, specs, strict=True):
            post = BlogPage(
                page_ptr_id=page.pk,
                teaser=spec["teaser"],
                date=spec["date"],
                body=[("paragraph", RichText(spec["body"]))],
            )
            # Only the BlogPage row: the Page row above is its parent.
            post.save_base(raw=True)
            category_links.append(
                through(blogpage_id=page.pk, blogcategory_id=categories[spec["topic"]].pk)
            )
            tag_links.extend(
                BlogPageTag(content_object_id=page.pk, tag_id=tags[word].pk)
                for word in spec["tags"]
            )
        through.objects.bulk_create(category_links)
        BlogPageTag.objects.bulk_create(tag_links)
        made += size
    Page.objects.filter(pk=index.pk).update(numchild=start + made)
    return made


def _spec(rng, now):
    topic = rng.choice(list(TOPICS))
    words = TOPICS[topic]
    other = TOPICS[rng.choice(list(TOPICS))]
    title_words = rng.sample(words, 2) + [rng.choice(other)]
    sentences = []
    for _ in range(rng.randint(8, 20)):
        sentence = rng.sample(words, 3) + rng.sample(COMMON, 3) + [rng.choice(other)]
        rng.shuffle(sentence)
        sentences.append(" ".join(sentence).capitalize() + ".")
    return {
        "topic": topic,
        "title": " ".join(word.capitalize() for word in title_words) + f" {rng.randint(1, 9999)}",
        "teaser": " ".join(sentences[:2]),
        "body": "<p>" + " ".join(sentences) + "</p>",
        "tags": sorted(set(rng.sample(words, 2) + [rng.choice(other)])),
        "date": now - timedelta(days=rng.randint(1, 2000), minutes=rng.randint(0, 1440)),
    }
