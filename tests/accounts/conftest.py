"""People who sign in to the admin, and a way to sign in from a given client address."""

import pytest

from .helpers import make_user


@pytest.fixture
def alice(db):
    return make_user("alice", "Editors")


@pytest.fixture
def bob(db):
    return make_user("bob", "Editors")


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True)
