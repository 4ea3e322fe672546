"""System checks: what a site must configure for related posts (`manage.py check`)."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.module_loading import import_string
from wagtail.models import Page

from . import conf

HINT_MODEL = 'Set RELATED_POSTS_MODEL to your post page model, e.g. "blog.BlogPage".'


@register()
def check_post_model(app_configs, **kwargs):
    label = getattr(settings, "RELATED_POSTS_MODEL", "")
    if not label:
        return [Error("RELATED_POSTS_MODEL is not set.", hint=HINT_MODEL, id="related.E001")]
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return [
            Error(f"RELATED_POSTS_MODEL {label!r} is no model.", hint=HINT_MODEL, id="related.E002")
        ]
    if not issubclass(model, Page):
        return [
            Error(f"RELATED_POSTS_MODEL {label!r} is not a Wagtail page model.", id="related.E002")
        ]
    return [*_field_errors(model), *_terms_errors()]


@register()
def check_contrib_apps(app_configs, **kwargs):
    if apps.is_installed("wagtail.contrib.settings"):
        return []
    return [
        Error(
            "wagtail.contrib.settings is not in INSTALLED_APPS: editors could not reach "
            "Settings → Related posts (weights, threshold, fallback).",
            hint='Add "wagtail.contrib.settings" to INSTALLED_APPS.',
            id="related.E005",
        )
    ]


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_errors(model):
    label = model._meta.label
    errors = []

    def require(role, name, accepts, what):
        field = _field(model, name)
        if field is None or not accepts(field):
            errors.append(
                Error(
                    f"{label} has no {what} {name!r} for related posts' {role!r}.",
                    hint="Name the field in RELATED_POSTS_FIELDS (see related/conf.py), "
                    "or None where the role is optional.",
                    id="related.E003",
                )
            )

    require(
        "date", conf.field_name("date"), lambda f: isinstance(f, models.DateField), "date field"
    )
    for role in ("tags", "categories"):
        if name := conf.field_name(role):
            require(role, name, lambda f: f.many_to_many, "many-to-many field (or tags)")
    for role in ("title", "teaser", "image"):
        if name := conf.field_name(role):
            require(role, name, lambda f: True, "field")
    for name in conf.text_fields():
        require("text", name, lambda f: True, "field")
    return errors


def _terms_errors():
    path = getattr(settings, "RELATED_POSTS_SHARED_TERMS", "")
    if not path:
        return []
    try:
        import_string(path)
    except ImportError as error:
        return [Error(f"RELATED_POSTS_SHARED_TERMS: {error}", id="related.E004")]
    return []
