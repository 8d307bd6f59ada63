"""Outputs: no command writes over one of its inputs, a refused write is the user's
environment (exit 2, "无法写入 …"), and ``-o``'s extension chooses the report format.

The commands run in-process through :func:`catalog.cli.main.main`, except where the operating
system must do the refusing for real (a file-size limit, ``/dev/full``): those run
``python -m catalog`` in a subprocess.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.cli.main import main
from catalog.core import outputs
from catalog.core.outputs import OutputError, guard_outputs, report_format_for, same_file
from tests.conftest import CLEAN, MISTAKES, REPO

WORKBOOK = REPO / "examples" / "township-workbook" / "jiangshang-social-assistance.xlsx"


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Temporary or probe files left behind (atomic_write and the folder probe start with '.')."""
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "目录.xlsx"
    shutil.copy(WORKBOOK, path)
    return path


# ------------------------------------------------------------------ never over an input


def _spellings(path: Path) -> Iterator[tuple[str, Path]]:
    """Other names of the same file: ./, .., a symlink, a hard link."""
    folder = path.parent
    yield "dot", folder / "." / path.name
    (folder / "sub").mkdir()
    yield "dotdot", folder / "sub" / ".." / path.name
    (folder / "link.xlsx").symlink_to(path)
    yield "symlink", folder / "link.xlsx"
    os.link(path, folder / "hard.xlsx")
    yield "hard link", folder / "hard.xlsx"


@pytest.mark.parametrize("option", ["-o", "--annotate"])
def test_check_refuses_every_spelling_of_its_input(
        workbook: Path, option: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(workbook)
    for kind, spelling in [("same", workbook), *_spellings(workbook)]:
        code, _, err = run(capsys, "check", workbook, option, spelling)
        assert code == 2, kind
        assert f"{option} {spelling} 就是输入文件 {workbook}" in err, kind
        assert "请另选输出文件" in err and "Traceback" not in err
        assert digest(workbook) == before, kind
    assert leftovers(workbook.parent) == []


def test_refusal_messages(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", workbook, "-o", workbook)
    assert (code, err) == (2, f"catalog：-o {workbook} 就是输入文件 {workbook}；catalog 不会"
                              "覆盖输入文件。请另选输出文件。\n")
    code, _, err = run(capsys, "check", workbook, "-o", workbook, "--lang", "en")
    assert code == 2
    assert err == (f"catalog: -o {workbook} is the input file {workbook}; catalog never "
                   "overwrites its inputs. Choose another output file.\n")


def test_lang_from_settings_is_used_for_the_refusal(
        workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workbook.parent / "catalog.toml").write_text('lang = "en"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", workbook, "-o", workbook)
    assert code == 2 and "is the input file" in err
    code, _, err = run(capsys, "convert", workbook, workbook)
    assert code == 2 and "is the input file" in err
    folder = workbook.parent / "reports"
    folder.mkdir()
    code, _, err = run(capsys, "template", "--domain", "social_assistance", "--level", "乡级",
                       "-o", folder)
    assert code == 2 and f"cannot write {folder}: it is a folder; name a file" in err


def test_convert_refuses_its_input(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(workbook)
    code, _, err = run(capsys, "convert", workbook, workbook.parent / "." / workbook.name)
    assert code == 2
    assert f"输出文件 {workbook.parent / '.' / workbook.name} 就是输入文件 {workbook}" in err
    assert digest(workbook) == before


def test_no_output_over_a_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CLEAN, tmp_path / "catalogue.json")
    settings = tmp_path / "catalog.toml"
    settings.write_text('issuer = "江上乡人民政府"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", tmp_path / "catalogue.json", "-o", settings)
    assert code == 2 and "就是输入文件" in err
    assert settings.read_text(encoding="utf-8") == 'issuer = "江上乡人民政府"\n'


def test_a_file_found_in_a_folder_is_an_input(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(CLEAN, data / "a.json")
    shutil.copy(MISTAKES, data / "x.json")
    before = digest(data / "x.json")
    code, _, err = run(capsys, "check", data, "-o", data / "x.json", "--format", "json")
    assert code == 2 and f"就是输入文件 {data / 'x.json'}" in err
    assert digest(data / "x.json") == before


def test_baseline_may_not_be_a_checked_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(MISTAKES, data / "x.json")
    before = digest(data / "x.json")
    code, _, err = run(capsys, "check", data, "--baseline", data / "x.json", "--update-baseline")
    assert code == 2 and f"--baseline {data / 'x.json'} 就是输入文件" in err
    assert digest(data / "x.json") == before


def test_a_baseline_that_is_only_read_is_an_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    assert run(capsys, "check", MISTAKES, "--baseline", baseline)[0] == 0  # written: all known
    recorded = baseline.read_bytes()
    code, _, err = run(capsys, "check", MISTAKES, "--baseline", baseline, "-o", baseline)
    assert code == 2 and f"-o {baseline} 就是输入文件 {baseline}" in err
    assert baseline.read_bytes() == recorded


def test_two_outputs_may_not_be_one_file(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", MISTAKES, "-o", tmp_path / "r.json",
                       "--baseline", tmp_path / "r.json")
    assert code == 2
    assert f"-o 和 --baseline 指向同一个文件 {tmp_path / 'r.json'}" in err
    assert not (tmp_path / "r.json").exists()


def test_fix_refuses_a_hard_link_and_names_in_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "catalogue.json"
    shutil.copy(MISTAKES, source)
    os.link(source, tmp_path / "other.json")
    before = digest(source)
    code, _, err = run(capsys, "fix", source, "-o", tmp_path / "other.json")
    assert code == 2
    assert "就是输入文件" in err and "请使用 fix --in-place（会保留备份）" in err
    code, _, err = run(capsys, "fix", source, "-o", tmp_path / "other.json", "--lang", "en")
    assert "To change the input itself, use fix --in-place (a backup is kept)." in err
    assert digest(source) == before


def test_fix_in_place_still_replaces_the_input(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "catalogue.json"
    shutil.copy(MISTAKES, source)
    code, _, _ = run(capsys, "fix", source, "--in-place")
    assert code == 0
    assert source.read_bytes() != MISTAKES.read_bytes()
    assert (tmp_path / "catalogue.json.bak").read_bytes() == MISTAKES.read_bytes()
    assert leftovers(tmp_path) == []


def test_case_is_compared_by_probing_the_file_system(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No case-insensitive file system can be mounted here, so the test plays one: ``os.stat``
    finds a name in any letter case, as on NTFS or APFS. The guard must then refuse, and on
    the real (case-sensitive) file system it must not: decided by the file system, not by
    the platform's name."""
    source = tmp_path / "Data.json"
    source.write_text("{}", encoding="utf-8")
    other_case = tmp_path / "DATA.JSON"
    guard_outputs([("-o", other_case)], [source])  # a different, new file here
    real_stat = os.stat

    def case_insensitive_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        text = os.fspath(path)  # type: ignore[call-overload]
        folder, name = os.path.split(text)
        for entry in os.listdir(folder or "."):
            if entry.casefold() == name.casefold():
                return real_stat(os.path.join(folder, entry))
        return real_stat(path)  # type: ignore[call-overload]

    monkeypatch.setattr(outputs.os, "stat", case_insensitive_stat)
    with pytest.raises(OutputError, match="is the input file"):
        guard_outputs([("-o", other_case)], [source])


def test_same_file() -> None:
    assert same_file(CLEAN, CLEAN.parent / ".." / CLEAN.parent.name / CLEAN.name)
    assert not same_file(CLEAN, MISTAKES)
    assert same_file("missing/a.json", "missing/./a.json")
    assert not same_file("missing/a.json", CLEAN)


# ------------------------------------------------------------ the user's environment


def test_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "no" / "report.txt"
    code, _, err = run(capsys, "check", MISTAKES, "-o", target)
    assert (code, err) == (2, f"catalog：无法写入 {target}：文件夹不存在。\n")
    code, _, err = run(capsys, "check", MISTAKES, "-o", tmp_path / "no" / "r.txt", "--lang", "en")
    assert err == f"catalog: cannot write {tmp_path / 'no' / 'r.txt'}: the folder does not exist\n"


def test_a_path_under_a_regular_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """ENOTDIR: the folder named is a file (works as root too, unlike permission bits)."""
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    for argv in (["check", MISTAKES, "-o"], ["convert", MISTAKES], ["template", "--domain",
                 "social_assistance", "--level", "乡级", "-o"], ["fix", MISTAKES, "-o"]):
        code, _, err = run(capsys, *argv, tmp_path / "notes" / "out.json")
        assert code == 2, argv
        assert "无法写入" in err and "路径中有一部分不是文件夹" in err, argv


@pytest.mark.parametrize("argv", [
    ["check", MISTAKES, "-o"], ["check", MISTAKES, "--annotate"], ["convert", MISTAKES],
    ["template", "--domain", "social_assistance", "--level", "乡级", "-o"],
])
def test_output_naming_a_folder(argv: list[object], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _, err = run(capsys, *argv, folder)
    assert code == 2, err
    assert err == f"catalog：无法写入 {folder}：这是一个文件夹，请给出文件名。\n"
    assert os.listdir(folder) == []


def test_permission_refused_at_the_last_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Read-only folder, simulated in-process: root ignores permission bits, so the rename into
    place is made to fail with PermissionError as it does for a clerk on a read-only share."""
    def refuse(source: str, target: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(capsys, "convert", MISTAKES, tmp_path / "out.xlsx")
    assert (code, err) == (2, f"catalog：无法写入 {tmp_path / 'out.xlsx'}：没有写入权限。\n")
    assert os.listdir(tmp_path) == []


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write: permission bits for a normal user; for root, which ignores
    them, a read-only tmpfs mounted on it (skipped where mounting is not allowed)."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = shutil.which("mount") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
        capture_output=True, check=False).returncode == 0
    if not mounted:
        pytest.skip("root without permission to mount a read-only file system; "
                    "test_permission_refused_at_the_last_step covers the message")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_real_read_only_folder(read_only_folder: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", MISTAKES, "-o", read_only_folder / "report.txt")
    assert code == 2
    assert err.startswith(f"catalog：无法写入 {read_only_folder / 'report.txt'}：")
    assert ("没有写入权限" in err or "只读文件系统" in err) and "程序错误" not in err
    assert os.listdir(read_only_folder) == []


def _catalog(*argv: object, limit: int | None = None,
             stdout: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "catalog", *map(str, argv)], stdout=stdout,
                          stderr=subprocess.PIPE, encoding="utf-8", check=False,
                          preexec_fn=limited if limit is not None else None)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file-size limits")
@pytest.mark.parametrize("argv", [
    ["check", MISTAKES, "--format", "json", "-o", "{out}/report.json"],
    ["convert", MISTAKES, "{out}/catalogue.xlsx"],
    ["convert", MISTAKES, "{out}/catalogue.csv"],
    ["template", "--all-domains", "--level", "乡级", "-o", "{out}/template.xlsx"],
])
def test_a_full_disk_for_real(argv: list[object], tmp_path: Path) -> None:
    """A file-size limit of 2 kB makes the operating system refuse the write (EFBIG), as a
    full disk does (ENOSPC): exit 2 with the reason, no partial file, no temporary file."""
    resolved = [str(arg).format(out=tmp_path) for arg in argv]
    completed = _catalog(*resolved, limit=2048)
    assert completed.returncode == 2, completed.stderr
    assert "无法写入" in completed.stderr and "文件超出允许的大小" in completed.stderr
    assert "Traceback" not in completed.stderr and "程序错误" not in completed.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["check", str(MISTAKES)], ["rules", "--format", "markdown"],
                                     ["domains", "--format", "json"]])
@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "catalog：无法写入 标准输出：磁盘已满。\n"),
    ("en", "catalog: cannot write standard output: no space left on the disk\n"),
])
def test_stdout_on_a_full_disk(command: list[str], lang: str, expected: str) -> None:
    """ENOSPC for real: standard output is /dev/full (a short report fails when flushed at
    the end, a long one while it is printed)."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        completed = subprocess.run([sys.executable, "-m", "catalog", *command, "--lang", lang],
                                   stdout=full, stderr=subprocess.PIPE, encoding="utf-8",
                                   check=False)
    assert (completed.returncode, completed.stderr) == (2, expected)


def test_write_error_reasons() -> None:
    unknown = outputs.write_error("x", OSError(errno.EBUSY, "Device or resource busy"))
    assert unknown.text("zh") == "无法写入 x：Device or resource busy。"
    read_only = outputs.write_error("x", OSError(errno.EROFS, "ro"))
    assert (read_only.text("zh"), str(read_only)) == (
        "无法写入 x：只读文件系统。", "cannot write x: read-only file system")
    assert outputs.write_error(None, OSError(errno.EDQUOT, "q")).text("en") == (
        "cannot write standard output: disk quota exceeded")


# ------------------------------------------------------------ report format from -o


@pytest.mark.parametrize(("name", "looks_like"), [
    ("report.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
    ("report.sarif.json", lambda text: json.loads(text)["version"] == "2.1.0"),
    ("report.json", lambda text: "summary" in json.loads(text)),
    ("report.xml", lambda text: text.startswith("<?xml") and "<testsuites" in text),
    ("report.txt", lambda text: text.startswith("检查了 1 个文件")),
    ("report.html", lambda text: text.lstrip().lower().startswith("<!doctype html>")),
])
def test_extension_chooses_the_format(name: str, looks_like: object, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the extension beats the CI default too
    code, out, _ = run(capsys, "check", MISTAKES, "-o", tmp_path / name)
    assert (code, out) == (1, "")
    assert looks_like((tmp_path / name).read_text(encoding="utf-8"))  # type: ignore[operator]


def test_an_unknown_extension_keeps_the_default(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "check", MISTAKES, "-o", tmp_path / "report.out")
    assert (tmp_path / "report.out").read_text(encoding="utf-8").startswith("检查了 1 个文件")


def test_a_mismatched_format_is_refused(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", MISTAKES, "--format", "json", "-o", tmp_path / "x.sarif")
    assert code == 2
    assert err == (f"catalog：--format json 与输出文件 {tmp_path / 'x.sarif'} 的扩展名 .sarif "
                   "不符（该扩展名对应 sarif 格式）；"
                   "请改用相符的扩展名，或去掉 --format 由扩展名决定。\n")
    code, _, err = run(capsys, "check", MISTAKES, "--format", "junit", "-o", tmp_path / "x.json",
                       "--lang", "en")
    assert code == 2 and "does not match the extension .json" in err
    assert os.listdir(tmp_path) == []


def test_matching_formats() -> None:
    assert report_format_for("x.json", "sarif") == "sarif"  # SARIF is JSON
    assert report_format_for("x.log", "github") == "github"
    assert report_format_for(None, "json") == "json"
    assert report_format_for("x.JSON", None) == "json"
    assert report_format_for("x.html", None) == "html"
    assert report_format_for("x.md", None) is None


def test_no_catalogue_found_still_writes_the_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, _ = run(capsys, "check", empty, "-o", tmp_path / "report.sarif")
    assert code == 2
    sarif = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["CAT640"]
    code, _, _ = run(capsys, "check", empty, "-o", tmp_path / "report.xml")
    assert code == 2 and "CAT640" in (tmp_path / "report.xml").read_text(encoding="utf-8")


def test_nothing_readable_still_writes_the_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    code, _, _ = run(capsys, "check", tmp_path / "broken.json", tmp_path / "missing.xlsx",
                     "-o", tmp_path / "report.json")
    assert code == 2
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["unreadable"] == 2
