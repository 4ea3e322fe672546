"""`manage.py check` tells a site what the gate needs before a reader meets a broken page."""

import pytest
from django.apps import apps

from whitepapers.checks import check_contrib_apps


@pytest.fixture
def site_without(monkeypatch):
    """A site whose INSTALLED_APPS lack the named apps. (Reloading the app registry for real
    would run every app's ready() again, which Wagtail's API does not allow.)"""

    def without(*missing):
        installed = apps.is_installed
        monkeypatch.setattr(
            apps, "is_installed", lambda name: name not in missing and installed(name)
        )

    return without


def test_check_names_the_wagtail_apps_the_gate_builds_on(site_without):
    site_without("wagtail.contrib.routable_page", "wagtail.contrib.settings")

    errors = check_contrib_apps(None)

    assert [error.id for error in errors] == ["whitepapers.E002", "whitepapers.E002"]
    assert "wagtail.contrib.routable_page" in errors[0].msg
    assert "wagtail.contrib.settings" in errors[1].msg


def test_check_is_quiet_when_the_apps_are_installed():
    assert check_contrib_apps(None) == []
