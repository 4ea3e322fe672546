"""Configuration comes from the environment; production settings pass `check --deploy`."""

import secrets

from .helpers import run_manage


def test_production_settings_pass_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="blog.example.com",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_warn_about_a_cache_each_process_keeps_for_itself():
    result = run_manage(
        "check",
        "--deploy",
        "--settings=config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="blog.example.com",
        CACHE_URL="locmemcache://",
    )
    assert "whitepapers.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {"ALLOWED_HOSTS": "blog.example.com", "SECRET_KEY": ""}
    result = run_manage("check", "--settings=config.settings.production", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_database_cache_and_email_urls_are_read_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']);"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST)"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DATABASE_URL="postgres://blog:pw@db.example.com:5432/blogdb",
        CACHE_URL="redis://127.0.0.1:6379/3",
        EMAIL_URL="smtp://mailer:pw@mail.example.com:587/?tls=True",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "django.db.backends.postgresql blogdb"
    assert lines[1] == "config.cache.ResilientRedisCache"  # Redis down must not take pages down
    assert lines[2] == "django.core.mail.backends.smtp.EmailBackend mail.example.com"
