"""EMAIL_URL in the forms the README documents does what it says."""

import pytest

from config.email_url import EmailURLError, email_settings

from .helpers import run_manage

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_filemail_with_three_slashes_is_an_absolute_folder():
    assert email_settings("filemail:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"


def test_filemail_without_a_leading_slash_is_relative():
    assert email_settings("filemail://var/mail")["EMAIL_FILE_PATH"] == "var/mail"


def test_smtp_with_tls_option_uses_starttls_on_the_given_port():
    config = email_settings("smtp://mailer:p%40ss@mail.example.com:587/?tls=True")

    assert config["EMAIL_BACKEND"] == SMTP
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example.com", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")


@pytest.mark.parametrize(
    ("url", "tls", "ssl", "port"),
    [
        ("smtps://mail.example.com", False, True, 465),
        ("smtp+ssl://mail.example.com", False, True, 465),
        ("smtp://mail.example.com/?ssl=yes", False, True, 465),
        ("smtp+tls://mail.example.com", True, False, 587),
        ("smtp://localhost", False, False, 25),
    ],
)
def test_secure_schemes_and_default_ports(url, tls, ssl, port):
    config = email_settings(url)

    assert (config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"], config["EMAIL_PORT"]) == (
        tls,
        ssl,
        port,
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtp://mail.example.com/?tsl=true", "unknown option 'tsl'"),
        ("smtp://mail.example.com/?tls=maybe", "must be true or false"),
        ("smtp://mail.example.com/?tls=1&ssl=1", "not both"),
        ("smtp:///?tls=1", "needs a host"),
        ("smtp://mail.example.com:port/", "port is not a number"),
        ("mailgun://key@example.com", "unknown scheme 'mailgun'"),
        ("filemail://", "needs a folder"),
    ],
)
def test_a_mistake_is_named_instead_of_ignored(url, message):
    with pytest.raises(EmailURLError, match=message):
        email_settings(url)


def test_settings_write_mail_to_the_absolute_folder_the_readme_shows(tmp_path):
    folder = tmp_path / "mail"
    code = "from django.conf import settings as s; print(s.EMAIL_FILE_PATH, s.EMAIL_BACKEND)"
    result = run_manage(
        "shell", "--no-imports", "-c", code, EMAIL_URL=f"filemail://{folder}", DEBUG="true"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(folder),
        "django.core.mail.backends.filebased.EmailBackend",
    ]


def test_settings_refuse_to_start_with_a_mistyped_email_url():
    result = run_manage("check", EMAIL_URL="smtp://mail.example.com/?tsl=true", DEBUG="true")

    assert result.returncode != 0
    assert "unknown option 'tsl'" in result.stderr
