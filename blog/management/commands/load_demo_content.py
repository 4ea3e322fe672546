"""Build the demo blog: settings, users, authors, categories, images and posts.

Idempotent: running it again adds nothing twice and keeps what editors changed, except the
demo users' passwords, which always follow DEMO_PASSWORD.
"""

import io
import os
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog import demo_content
from blog.demo_pdf import make_pdf
from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage, BlogSettings
from blog.roles import EDITORS, MARKETING, ensure_roles
from glossary.mentions import refresh_all_mentions
from glossary.models import GlossaryIndexPage, GlossaryTerm
from whitepapers.models import DeliveryMode, WhitepaperPage, WhitepaperSettings
from whitepapers.setup import protected_collection

# Local demo only, documented in the README; DEMO_PASSWORD overrides it.
DEFAULT_DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105
DEMO_USERS = [("admin", None), ("editor", EDITORS), ("marketing", MARKETING)]


def make_picture(title, colour, size=(1600, 900)):
    """A simple generated picture: a diagonal gradient, a few circles and the title."""
    width, height = size
    base = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(base)
    r, g, b = colour
    for x in range(0, width + height, 8):
        shade = x / (width + height)
        line_colour = (
            int(r + (255 - r) * shade * 0.5),
            int(g + (255 - g) * shade * 0.5),
            int(b + (255 - b) * shade * 0.5),
        )
        draw.line([(x, 0), (x - height, height)], fill=line_colour, width=8)
    for index in range(5):
        radius = height // (3 + index)
        cx = width * (index + 1) // 6
        cy = height // 2 + (index % 2) * radius // 2
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            outline=(255, 255, 255),
            width=3,
        )
    if title:
        font = ImageFont.load_default(size=height // 12)
        draw.text((width // 20, height * 3 // 4), title, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    base.save(buffer, format="PNG")
    return buffer


class Command(BaseCommand):
    help = "Create or complete the demo blog (posts, settings, users). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-passwords",
            action="store_true",
            help="Do not print the demo users' password.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_roles()
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        index = self.blog_index()
        self.site_settings(Site.objects.get(root_page=index))
        authors = self.authors()
        categories = self.categories()
        posts = {}
        for spec in demo_content.POSTS:
            posts[spec["slug"]] = self.post(index, spec, authors, categories)
        self.related_blocks(posts)
        # Refreshing the glossary's mentions rebuilds every post's related picks as well.
        self.glossary(index, posts)
        self.whitepaper(index)
        self.users(password)
        self.stdout.write(
            self.style.SUCCESS(f"Demo blog ready: {BlogPage.objects.live().count()} posts.")
        )
        if not options["quiet_passwords"]:
            self.stdout.write(
                "Log in at /admin/ as admin, editor or marketing with the password "
                + ("from DEMO_PASSWORD." if os.environ.get("DEMO_PASSWORD") else f"'{password}'.")
            )

    def blog_index(self):
        """The blog front page as the default site's root, replacing Wagtail's welcome page."""
        index = BlogIndexPage.objects.first()
        if index is None:
            root = Page.get_first_root_node()
            index = root.add_child(
                instance=BlogIndexPage(
                    title="Blog",
                    slug="blog",
                    introduction=demo_content.SETTINGS["tagline"],
                    seo_title="*umBlog – data, cloud and digitalization explained",
                    search_description="Definitions, practice reports and news on big data, "
                    "cloud and digitalization from a Berlin data consultancy.",
                )
            )
            index.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=index, is_default_site=True
            )
        if os.environ.get("DEMO_HOST") and os.environ.get("DEMO_PORT"):
            # Links in the demo's mails (whitepaper downloads) point where `make demo` serves.
            site.hostname = os.environ["DEMO_HOST"]
            site.port = int(os.environ["DEMO_PORT"])
            site.save()
        if site.root_page_id != index.pk:
            previous_root = site.root_page
            site.root_page = index
            site.site_name = demo_content.SETTINGS["blog_name"]
            site.save()
            if previous_root.specific_class is Page and not previous_root.get_children().exists():
                previous_root.delete()
        return index

    def site_settings(self, site):
        settings = BlogSettings.for_site(site)
        if settings.company_name:
            return
        values = dict(demo_content.SETTINGS)
        settings.social_profiles = [
            ("profile", {"network": network, "url": url})
            for network, url in values.pop("social_profiles")
        ]
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()

    def image(self, title, colour, caption="", size=(1600, 900)):
        image_model = get_image_model()
        existing = image_model.objects.filter(title=title).first()
        if existing:
            return existing
        picture = make_picture(caption, colour, size)
        filename = f"{title.lower().replace(' ', '-')[:60]}.png"
        return image_model.objects.create(title=title, file=ImageFile(picture, name=filename))

    def authors(self):
        authors = {}
        for name, role, colour in demo_content.AUTHORS:
            author, created = Author.objects.get_or_create(name=name, defaults={"role": role})
            if created:
                author.photo = self.image(f"Portrait: {name}", colour, size=(400, 400))
                author.save()
            authors[name] = author
        return authors

    def categories(self):
        return {
            slug: BlogCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )[0]
            for name, slug, description in demo_content.CATEGORIES
        }

    def post(self, index, spec, authors, categories):
        existing = BlogPage.objects.filter(slug=spec["slug"]).first()
        if existing:
            return existing
        post = BlogPage(
            title=spec["title"],
            slug=spec["slug"],
            teaser=spec["teaser"],
            date=timezone.make_aware(datetime.fromisoformat(spec["date"])),
            header_image=self.image(f"Header: {spec['title']}", spec["colour"]),
            header_image_alt="",
            body=[block for block in spec["body"] if block[0] != "related_posts"],
        )
        index.add_child(instance=post)
        post.authors.set([authors[name] for name in spec["authors"]])
        post.categories.set([categories[slug] for slug in spec["categories"]])
        post.tags.set(spec["tags"])
        post.save_revision().publish()
        # Demo posts were "first published" on their publication date, not today.
        BlogPage.objects.filter(pk=post.pk).update(first_published_at=post.date)
        return post

    def related_blocks(self, posts):
        """Add pinned related-post blocks once every post they point to exists."""
        for spec in demo_content.POSTS:
            blocks = [value for kind, value in spec["body"] if kind == "related_posts"]
            post = BlogPage.objects.get(pk=posts[spec["slug"]].pk)
            if not blocks or post.has_related_block:
                continue
            for value in blocks:
                post.body.append(
                    (
                        "related_posts",
                        {
                            "heading": value["heading"],
                            "count": len(value["pinned"]),
                            "mode": "pinned",
                            "pinned": [posts[slug] for slug in value["pinned"]],
                            "excluded": [],
                        },
                    )
                )
            post.save_revision().publish()

    def glossary(self, index, posts):
        """The A–Z glossary page and its terms, linked to each other and to defining posts."""
        if not GlossaryIndexPage.objects.exists():
            glossary_page = index.add_child(
                instance=GlossaryIndexPage(
                    title="Glossary",
                    slug="glossary",
                    introduction="<p>The terms our posts use, explained in a sentence or two.</p>",
                )
            )
            glossary_page.save_revision().publish()
        terms, created = {}, set()
        for name, variants, exact, definition, *_ in demo_content.GLOSSARY_TERMS:
            term = GlossaryTerm.objects.filter(name=name).first()
            if term is None:
                term = GlossaryTerm(
                    name=name,
                    slug=slugify(name),
                    variants=variants,
                    exact_variants=exact,
                    short_definition=definition,
                    live=False,
                )
                term.save()
                created.add(name)
            terms[name] = term
        for name, *_, related, contrasts, defining_slug in demo_content.GLOSSARY_TERMS:
            if name not in created:
                continue
            term = terms[name]
            term.related_terms.set([terms[other] for other in related])
            term.contrasting_terms.set([terms[other] for other in contrasts])
            term.defining_page = posts.get(defining_slug)
            term.save()
            term.save_revision().publish()
        refresh_all_mentions()

    def whitepaper(self, index):
        """The "Hadoop 2" whitepaper behind its gate, teased in every page's sidebar."""
        spec = demo_content.WHITEPAPER
        whitepaper = WhitepaperPage.objects.filter(slug=spec["slug"]).first()
        if whitepaper is None:
            document = get_document_model()(
                title=f"Whitepaper: {spec['title']}", collection=protected_collection()
            )
            document.file.save(
                spec["filename"], ContentFile(make_pdf(spec["pdf_pages"])), save=False
            )
            document.save()
            whitepaper = WhitepaperPage(
                title=spec["title"],
                slug=spec["slug"],
                subtitle=spec["subtitle"],
                language_label=spec["language_label"],
                description=spec["description"],
                cover=self.image(
                    f"Cover: {spec['title']}", spec["colour"], spec["title"], size=(600, 848)
                ),
                document=document,
                delivery_mode=DeliveryMode.CONFIRM,
                search_description=spec["subtitle"],
                show_in_menus=False,
            )
            index.add_child(instance=whitepaper)
            whitepaper.save_revision().publish()
        settings = WhitepaperSettings.for_site(Site.objects.get(root_page=index))
        if settings.sidebar_whitepaper_id is None:
            settings.sidebar_whitepaper = whitepaper
            settings.save()

    def users(self, password):
        user_model = get_user_model()
        for username, group_name in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.com", "first_name": username.title()},
            )
            user.is_superuser = user.is_staff = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
