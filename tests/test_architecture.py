"""Rules of the house, as tests: the plugins stay installable on any Wagtail site.

- A plugin (glossary, related, whitepapers, pagecache) never imports the site (blog, config,
  accounts) or another plugin.
- The plain-Python cores import no Django or Wagtail: they read and test on their own.
- A plugin's templates and static files live in the plugin; the site's folders hold none,
  and every template a plugin names is one it brings.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ("glossary", "related", "whitepapers", "pagecache")
SITE = ("blog", "config", "accounts")
PURE_CORES = {
    "glossary/linker.py": {"ahocorasick"},
    "related/scoring.py": set(),
    "whitepapers/tokens.py": set(),
    "whitepapers/addresses.py": {"idna"},
    "whitepapers/typed_text.py": set(),
    "whitepapers/webhook_rules.py": set(),
    "pagecache/rules.py": set(),
    "config/proxies.py": set(),
    "config/email_url.py": set(),
}
STANDARD_LIBRARY = set(sys.stdlib_module_names)


def imported_modules(path, package):
    """Every module `path` imports, relative imports resolved against `package`."""
    modules = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                modules.append(f"{base}.{node.module}" if node.module else base)
            else:
                modules.append(node.module)
    return modules


def python_files(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if path.name != "__init__.py":
            package = package.rsplit(".", 1)[0]
        yield path, package


def forbidden_imports(app, forbidden):
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, package in python_files(app)
        for module in imported_modules(path, package)
        if module.split(".")[0] in forbidden
    ]


@pytest.mark.parametrize("plugin", PLUGINS)
def test_a_plugin_never_imports_the_site_or_another_plugin(plugin):
    forbidden = {*SITE, *(other for other in PLUGINS if other != plugin)}
    assert forbidden_imports(plugin, forbidden) == []


@pytest.mark.parametrize(("core", "allowed"), PURE_CORES.items())
def test_plain_python_cores_import_no_framework(core, allowed):
    path = ROOT / core
    package = ".".join(path.relative_to(ROOT).parent.parts)
    third_party = [
        module
        for module in imported_modules(path, package)
        if module.split(".")[0] not in STANDARD_LIBRARY | allowed
        and not module.startswith(f"{package}.")
    ]
    # Sibling modules of the core must be plain too: only the cores themselves qualify.
    siblings = [
        module for module in imported_modules(path, package) if module.startswith(f"{package}.")
    ]
    assert third_party == []
    assert all(f"{module.replace('.', '/')}.py" in PURE_CORES for module in siblings), siblings


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_the_site_keeps_no_plugin_files(folder):
    misplaced = [name for name in PLUGINS if (ROOT / folder / name).exists()]
    assert misplaced == []


PLUGINS_WITH_PAGES = ("glossary", "related", "whitepapers")
TEMPLATE_NAME = re.compile(rf"""["']((?:{"|".join(PLUGINS)})/[\w/.-]+\.(?:html|txt))["']""")


@pytest.mark.parametrize("plugin", PLUGINS_WITH_PAGES)
def test_every_template_a_plugin_names_is_its_own(plugin):
    named = set()
    for path in (ROOT / plugin).rglob("*"):
        if path.suffix in (".py", ".html", ".txt"):
            named.update(
                name for name in TEMPLATE_NAME.findall(path.read_text()) if name.startswith(plugin)
            )
    missing = [name for name in sorted(named) if not (ROOT / plugin / "templates" / name).exists()]
    assert named
    assert missing == []


@pytest.mark.parametrize("plugin", PLUGINS_WITH_PAGES)
def test_every_static_file_a_plugin_links_is_its_own(plugin):
    static_name = re.compile(rf"""static ["']({plugin}/[\w/.-]+)["']""")
    linked = {
        match.group(1)
        for path in (ROOT / plugin).rglob("*")
        if path.suffix in (".py", ".html")
        for match in static_name.finditer(path.read_text())
    }
    missing = [name for name in sorted(linked) if not (ROOT / plugin / "static" / name).exists()]
    assert missing == []


def test_no_test_module_imports_a_conftest_or_another_test_module():
    """Shared helpers live in tests/factories.py and each app's helpers.py; fixtures come to
    a test through pytest, never through an import."""
    offending = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).parent.parts)
        for module in imported_modules(path, package):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests") and (last == "conftest" or last.startswith("test_")):
                offending.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offending == []
