from tests.whitepapers.conftest import make_document, make_whitepaper  # noqa: F401
