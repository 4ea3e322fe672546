"""System checks: what a site must configure for the glossary (`manage.py check`)."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page

HINT = (
    "GLOSSARY_PAGE_MODELS maps your page models to their text fields, e.g. "
    '{"blog.BlogPage": ["title", "teaser", "body"]}.'
)


@register()
def check_page_models(app_configs, **kwargs):
    configured = getattr(settings, "GLOSSARY_PAGE_MODELS", {})
    if not isinstance(configured, dict):
        return [Error("GLOSSARY_PAGE_MODELS must be a dict.", hint=HINT, id="glossary.E001")]
    if not configured:
        return [
            Warning(
                "GLOSSARY_PAGE_MODELS is empty: term pages will list no posts.",
                hint=HINT,
                id="glossary.W001",
            )
        ]
    errors = []
    for label, fields in configured.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            errors.append(
                Error(
                    f"GLOSSARY_PAGE_MODELS: {label!r} is no model.", hint=HINT, id="glossary.E002"
                )
            )
            continue
        if not issubclass(model, Page):
            errors.append(
                Error(f"GLOSSARY_PAGE_MODELS: {label!r} is not a page model.", id="glossary.E002")
            )
            continue
        for name in fields:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                errors.append(
                    Error(
                        f"GLOSSARY_PAGE_MODELS: {label} has no field {name!r}.",
                        hint=HINT,
                        id="glossary.E003",
                    )
                )
    return errors
