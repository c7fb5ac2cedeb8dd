"""The installed version of dgmderive, as pip knows it."""

from __future__ import annotations


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dgmderive")
    except PackageNotFoundError:
        return "unknown (not installed)"
