"""System checks: what a site must configure for the whitepaper gate (`manage.py check`)."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register()
def check_documents_go_through_the_gate(app_configs, **kwargs):
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "serve_view":
        return [
            Error(
                "WAGTAILDOCS_SERVE_METHOD is not 'serve_view': Wagtail would link documents "
                "to their storage, and whitepaper files could be fetched without the form.",
                hint='Set WAGTAILDOCS_SERVE_METHOD = "serve_view".',
                id="whitepapers.E001",
            )
        ]
    return []


# What the gate builds on, and what a site without it would meet.
CONTRIB_APPS = {
    "wagtail.contrib.routable_page": "the gate's pages load its template tags",
    "wagtail.contrib.settings": "Settings → Whitepaper settings (CRM webhook, sidebar) lives there",
}


@register()
def check_contrib_apps(app_configs, **kwargs):
    return [
        Error(
            f"{name} is not in INSTALLED_APPS: {why}.",
            hint=f'Add "{name}" to INSTALLED_APPS.',
            id="whitepapers.E002",
        )
        for name, why in CONTRIB_APPS.items()
        if not apps.is_installed(name)
    ]


@register(deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in LOCAL_CACHES:
        return [
            Warning(
                "The default cache is local to each process: the gate's rate limits and form "
                "view counts are not shared between app servers (or gunicorn workers).",
                hint="Point the default cache at Redis (django.core.cache.backends.redis).",
                id="whitepapers.W001",
            )
        ]
    return []
