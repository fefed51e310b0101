"""`hoso` takes its common options before or after the command's name."""

from __future__ import annotations

import pytest

from hoso_local.cli import build_parser

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "st", "-v", "messages", "D1"],
        ["messages", "D1", "--data-dir", "st", "-v"],
        ["messages", "--data-dir=st", "--verbose", "D1"],
    ],
)
def test_common_options_anywhere(argv):
    args = build_parser().parse_args(argv)
    assert (args.data_dir, args.verbose, args.dossier_id) == ("st", True, "D1")


def test_defaults_without_common_options():
    args = build_parser().parse_args(["supplement", "D1", "papers/"])
    assert (args.data_dir, args.verbose, args.dossier_id, args.path) == (
        None,
        False,
        "D1",
        "papers/",
    )
