"""A Wagtail site that is not ours installs the plugins from the wheel, and they work there.

What a stranger would do, step by step: build the wheel (from a copy of the plugins, so the
checkout gets no build/ folder), `wagtail start` a new site, give it a virtualenv of its own
that sees our venv's packages but not our checkout, `pip install` the wheel there, follow
README's "Use the plugins in your own Wagtail site" (the files a person would write are in
`site/`), make and apply migrations in the site's own SQLite file, and read the site as a
reader would (`site/check_site.py`, run with the site's Python). Our test database is never
touched; everything lives in one temporary folder, removed at the end.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SITE_FILES = Path(__file__).parent / "site"
PLUGINS = ("glossary", "related", "whitepapers", "pagecache")
NO_CACHE = shutil.ignore_patterns("__pycache__", "*.pyc")


def run(command, cwd, env=None):
    """Run a step; a failing one fails the test with what it printed."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"{command} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build_wheel(folder):
    source = folder / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    for plugin in PLUGINS:
        shutil.copytree(ROOT / plugin, source / plugin, ignore=NO_CACHE)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run([*command, "--no-index", "--quiet", "-w", folder / "dist", source], cwd=folder)
    (wheel,) = (folder / "dist").glob("*.whl")
    return wheel


def make_virtualenv(folder, wheel, env):
    """A virtualenv of the stranger's own that sees our venv's packages (a .pth file; ours is
    a venv, so --system-site-packages would not) and has the wheel installed."""
    venv = folder / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=folder)
    python = venv / "bin" / "python"
    site_packages = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=folder
    ).strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(site_packages) / "shared-packages.pth").write_text(ours + "\n")
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel], folder, env)
    return python


def stranger_environment():
    """Nothing of our settings, database or checkout leaks into the stranger's processes."""
    kept = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "strangersite.settings.plugins",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


@pytest.fixture(scope="module")
def stranger_site():
    """Everything the stranger saw, as facts to assert on."""
    with tempfile.TemporaryDirectory(prefix="stranger-") as name:
        folder = Path(name)
        env = stranger_environment()
        wheel = build_wheel(folder)
        python = make_virtualenv(folder, wheel, env)
        site = folder / "site"
        site.mkdir()
        run([Path(sys.executable).parent / "wagtail", "start", "strangersite", site], folder)
        shutil.copytree(SITE_FILES, site, dirs_exist_ok=True, ignore=NO_CACHE)
        run([python, "manage.py", "makemigrations", "home"], site, env)
        run([python, "manage.py", "migrate", "--noinput", "-v0"], site, env)
        checks = run([python, "manage.py", "check", "--fail-level", "WARNING"], site, env)
        seen = json.loads(run([python, "check_site.py"], site, env))
        seen["checks"] = checks
        seen["venv"] = str(python.parent.parent)
        with zipfile.ZipFile(wheel) as archive:
            seen["wheel_files"] = archive.namelist()
        yield seen


def test_the_wheel_holds_the_four_plugins_and_their_files(stranger_site):
    files = stranger_site["wheel_files"]
    packages = {name.split("/")[0] for name in files if not name.startswith("umblog_plugins-")}
    assert packages == set(PLUGINS)
    for needed in (
        "glossary/templates/glossary/glossary_index_page.html",
        "glossary/static/glossary/js/glossary.js",
        "related/static/related/css/related.css",
        "whitepapers/templates/whitepapers/mail/download_link.txt",
        "whitepapers/migrations/0011_move_view_events_into_counts.py",
        "related/management/commands/rebuild_related_posts.py",
        "whitepapers/management/commands/send_pending_deliveries.py",
    ):
        assert needed in files
    assert not [name for name in files if "__pycache__" in name or name.endswith(".pyc")]


def test_the_site_imports_the_plugins_from_the_wheel_not_our_checkout(stranger_site):
    for plugin, path in stranger_site["plugin_files"].items():
        assert path.startswith(stranger_site["venv"]), (plugin, path)
        assert not path.startswith(str(ROOT))


def test_system_checks_find_nothing_to_complain_about(stranger_site):
    assert "System check identified no issues" in stranger_site["checks"]


def test_a_glossary_term_is_linked_in_an_article_with_its_tooltip(stranger_site):
    article = stranger_site["article"]
    assert article["status"] == 200
    assert article["linked_term"]
    assert article["hidden_definition"]


def test_the_glossary_term_page_answers(stranger_site):
    assert stranger_site["glossary_page"] == 200


def test_the_related_block_shows_other_articles(stranger_site):
    article = stranger_site["article"]
    assert article["related_links"] == ["Predictive maintenance", "Smart meters at home"]
    assert not article["links_itself"]


def test_the_whitepaper_gate_answers_with_its_form(stranger_site):
    gate = stranger_site["gate"]
    assert gate["form_status"] == 200
    assert gate["form_shown"]


def test_a_submission_mails_a_download_link(stranger_site):
    gate = stranger_site["gate"]
    assert gate["submit_status"] == 303
    assert gate["mails"] == [[["grace@example.com"], "Your whitepaper: IoT in practice"]]
    assert gate["link_in_mail"]


def test_the_mailed_link_downloads_the_pdf(stranger_site):
    gate = stranger_site["gate"]
    assert gate["open_status"] == 200
    assert "/file/" in gate["open_refresh"]  # the download starts by itself
    assert (gate["file_status"], gate["file_type"], gate["file_starts"]) == (
        200,
        "application/pdf",
        "%PDF-",
    )


def test_the_admin_shows_what_the_plugins_add(stranger_site):
    answers = stranger_site["admin"]
    assert {address: 200 for address in answers} == answers
