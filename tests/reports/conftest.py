from tests.casework.conftest import casework_defaults, cast  # noqa: F401 (the categories; users of every party)
