from tests.casework.conftest import cast, uses_the_database  # noqa: F401 (users of every party; autouse)
