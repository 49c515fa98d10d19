"""These rules must hold on SQLite and on PostgreSQL alike."""

import pytest


@pytest.fixture
def database(any_database):
    return any_database
