"""write_atomic: a failed save names the file the caller asked for (not the temporary one) and loses nothing."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from autograd.files import write_atomic


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("contents", [[], ["inside.txt"]], ids=["empty", "not-empty"])
def test_a_folder_in_the_way_is_named(tmp_path: Path, contents: list[str]) -> None:
    target = tmp_path / "out.svg"
    target.mkdir()
    for name in contents:
        (target / name).write_text("keep me")
    with pytest.raises(IsADirectoryError) as info:
        write_atomic(target, "data")
    assert info.value.filename == str(target) and str(target) in str(info.value)
    assert ".tmp" not in str(info.value)
    assert sorted(p.name for p in target.iterdir()) == contents  # nothing lost
    assert no_temp_files(tmp_path)


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file, not a folder")
    target = tmp_path / "notes" / "sub" / "out.md"
    with pytest.raises(OSError) as info:
        write_atomic(target, "data")
    assert info.value.filename == str(target)
    assert "creating its folder" in str(info.value)
    assert (tmp_path / "notes").read_text() == "a file, not a folder"


def test_a_refused_temporary_file_is_reported_under_the_target_name(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # What a read-only folder does for a user who is not root: mkstemp is refused, naming its own file.
    def refuse(**kwargs: Any) -> tuple[int, str]:
        name = os.path.join(kwargs["dir"], kwargs["prefix"] + "abc123" + kwargs["suffix"])
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "page.html"
    with pytest.raises(PermissionError) as info:
        write_atomic(target, "new")
    assert info.value.filename == str(target)
    assert str(info.value) == f"[Errno {errno.EACCES}] {os.strerror(errno.EACCES)}: '{target}'"


def test_a_failed_rename_names_the_target_and_keeps_the_old_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "model.json"
    write_atomic(target, "old")

    def fail(src: str, dst: str) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), src, None, dst)

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError) as info:
        write_atomic(target, "new")
    assert info.value.errno == errno.EXDEV
    assert info.value.filename == str(target) and info.value.filename2 is None
    assert ".tmp" not in str(info.value)
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["model.json"]


def test_an_error_without_errno_still_names_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    target = tmp_path / "table.md"
    with pytest.raises(OSError, match="disk full") as info:
        write_atomic(target, "x")
    assert str(info.value) == f"disk full: {target}"
    assert no_temp_files(tmp_path)
