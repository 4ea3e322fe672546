"""The glossary is a plugin: another Wagtail site can install it without the blog."""

import ast
from pathlib import Path

import glossary


def test_glossary_never_imports_the_blog():
    imports = []
    for path in Path(glossary.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.append((path.name, node.module))
            elif isinstance(node, ast.Import):
                imports.extend((path.name, alias.name) for alias in node.names)
    assert [item for item in imports if item[1].split(".")[0] in {"blog", "config"}] == []
