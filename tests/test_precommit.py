"""pre-commit: every hook of .pre-commit-config.yaml passes on every file of the working tree.

The hooks are OCA's checks of the add-ons (oca-checks-odoo-module, oca-checks-po), pylint with pylint-odoo
(.pylintrc) and the usual hygiene checks. They run on a copy of the tree, so that a hook that fixes a file
(trailing spaces, a missing newline at the end) fails the test without touching the working tree, and so that
files not yet added to git are checked too. A missing pre-commit or hook tool is a failure, not a skip.
"""
import concurrent.futures
import fnmatch
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig

import pytest
import yaml

from conftest import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"
# Python's caches and git's own files, when git is not there to read .gitignore.
ALWAYS_IGNORED = (".git", "__pycache__", ".pytest_cache")


def _tool_env(tmp_path):
    """The hooks are this Python's console scripts, found on PATH: its script folders come first."""
    folders = [os.path.dirname(sys.executable), sysconfig.get_path("scripts"),
               sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user"))]
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([*dict.fromkeys(folders), env.get("PATH", "")])
    # pre-commit keeps a small database of its own; the user's is left alone.
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("SKIP", None)  # pre-commit would skip the hooks it names
    return env


def _ignored(relative, patterns):
    """Whether a path matches .gitignore's patterns (the simple forms this repository uses)."""
    parts = relative.split("/")
    if any(part in ALWAYS_IGNORED for part in parts):
        return True
    for pattern in patterns:
        anchored = pattern.startswith("/")
        pattern = pattern.strip("/")
        if anchored:
            if any(fnmatch.fnmatch("/".join(parts[:n]), pattern) for n in range(1, len(parts) + 1)):
                return True
        elif any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def _project_files(git):
    """Files of the working tree as git sees them: tracked or new, not ignored."""
    if git and (ROOT / ".git").exists():
        listed = subprocess.run([git, "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], capture_output=True, text=True, check=True).stdout
        return sorted(p for p in set(listed.split("\0")) if p and (ROOT / p).is_file())
    gitignore = ROOT / ".gitignore"
    patterns = [line.strip() for line in gitignore.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith(("#", "!"))] if gitignore.exists() else []
    return sorted(rel for rel in (p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file())
                  if not _ignored(rel, patterns))


def _copy(files, tree):
    for rel in files:
        target = tree / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)


def _run_pre_commit(git, tree, env):
    for cmd in ([git, "init", "-q"], [git, "add", "-A"]):
        subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=True)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure",
                           "--color=never"], cwd=tree, env=env, capture_output=True, text=True, timeout=900,
                          check=False)
    return proc.returncode, proc.stdout + proc.stderr


def _selected(hook, config, files):
    """The files pre-commit gives a hook: its files/exclude patterns and its file types."""
    from identify.identify import tags_from_path  # noqa: PLC0415 - comes with pre-commit

    def matches(path, key, default):
        return re.search(hook.get(key, default), path) and re.search(config.get(key, default), path)

    chosen = []
    for path in files:
        if not matches(path, "files", "") or (
                re.search(hook.get("exclude", "^$"), path) or re.search(config.get("exclude", "^$"), path)):
            continue
        tags = tags_from_path(path)
        if set(hook.get("types", ["file"])) <= tags and (not hook.get("types_or") or tags & set(hook["types_or"])) \
                and not tags & set(hook.get("exclude_types", [])):
            chosen.append(path)
    return chosen


def _case_conflicts(files):
    """What check-case-conflict finds (it asks git for the files): paths that differ only in case."""
    paths = {"/".join(rel.split("/")[:n]) for rel in files for n in range(1, rel.count("/") + 2)}
    seen = {}
    for path in sorted(paths):
        seen.setdefault(path.lower(), []).append(path)
    return [" and ".join(same) for same in seen.values() if len(same) > 1]


def _run_hooks(tree, env, files):
    """The configured hooks, run the way pre-commit runs them, where git (which pre-commit needs) is missing."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    (tree / ".git").mkdir()  # OCA's checks find the repository's top by its .git folder
    failed, output = False, []
    workers = max(os.cpu_count() or 1, 1)
    for repo in config["repos"]:
        assert repo["repo"] == "local", f"{repo['repo']}: hooks must be local (no git host is reachable)"
        for hook in repo["hooks"]:
            assert hook["language"] == "system", f"{hook['id']}: only system hooks can run here"
            chosen = _selected(hook, config, files)
            # Three hooks ask git itself. One looks for conflict markers only while git is merging, which
            # cannot be the case without git; the two others are done here, as they do without git's index.
            if hook["id"] in ("check-merge-conflict", "check-case-conflict", "check-executables-have-shebangs"):
                if hook["id"] == "check-case-conflict":
                    problems = [f"case conflict: {conflict}" for conflict in _case_conflicts(chosen)]
                elif hook["id"] == "check-executables-have-shebangs":
                    problems = [f"{path}: executable without a shebang (#!)" for path in chosen
                                if (tree / path).read_bytes()[:2] != b"#!"]
                else:
                    problems = []
                failed |= bool(problems)
                output += [f"{hook.get('name', hook['id'])}: {'Failed' if problems else 'Passed'}", *problems]
                continue
            cmd = [*shlex.split(hook["entry"]), *hook.get("args", [])]
            if not chosen or not hook.get("pass_filenames", True):
                batches = [[]] if chosen or hook.get("always_run") else []
            elif hook.get("require_serial"):
                batches = [chosen]
            else:
                batches = [chosen[i::workers] for i in range(workers) if chosen[i::workers]]
            with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
                runs = list(pool.map(lambda batch, cmd=cmd: subprocess.run(
                    [*cmd, *batch], cwd=tree, env=env, capture_output=True, text=True, check=False), batches))
            hook_failed = any(run.returncode for run in runs)
            failed |= hook_failed
            output.append(f"{hook.get('name', hook['id'])}: {'Failed' if hook_failed else 'Passed'}")
            output += [run.stdout + run.stderr for run in runs if run.returncode]
    return int(failed), "\n".join(output)


def test_pre_commit_passes_on_every_file(tmp_path):
    assert CONFIG.is_file()
    for module in ("pre_commit", "pre_commit_hooks", "oca_pre_commit_hooks", "pylint_odoo", "identify"):
        if not importlib.util.find_spec(module):
            pytest.fail(f"{module} is not installed: pip install -r requirements-test.txt")
    git = shutil.which("git")
    env = _tool_env(tmp_path)
    files = _project_files(git)
    assert ".pre-commit-config.yaml" in files and ".pylintrc" in files
    tree = tmp_path / "tree"
    _copy(files, tree)
    code, output = _run_pre_commit(git, tree, env) if git else _run_hooks(tree, env, files)
    assert code == 0, f"pre-commit failed (exit {code}); `pre-commit run --all-files` shows it:\n{output}"
    # Every hook ran, none was skipped for want of files.
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    for hook in (hook for repo in config["repos"] for hook in repo["hooks"]):
        name = hook.get("name", hook["id"])
        assert re.search(rf"^{re.escape(name)}\W*Passed$", output, re.M), f"{name} did not run:\n{output}"
