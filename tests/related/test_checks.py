"""`manage.py check` tells a site what related posts need."""

from django.apps import apps

from related.checks import check_contrib_apps


def test_check_names_the_settings_app_related_posts_build_on(monkeypatch):
    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail.contrib.settings" and installed(name)
    )

    errors = check_contrib_apps(None)

    assert [error.id for error in errors] == ["related.E005"]
    assert "wagtail.contrib.settings" in errors[0].msg


def test_check_is_quiet_when_the_settings_app_is_installed():
    assert check_contrib_apps(None) == []
