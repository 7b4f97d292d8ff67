"""The public API is exactly what __all__ says, and every name resolves."""

import marketproof


def test_all_names_resolve():
    for name in marketproof.__all__:
        assert getattr(marketproof, name) is not None, name


def test_unknown_name_raises_attribute_error():
    import pytest

    with pytest.raises(AttributeError):
        marketproof.not_a_member  # noqa: B018
