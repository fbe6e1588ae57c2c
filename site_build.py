#!/usr/bin/env python3
"""site_build.py — validate the data, build the site, serve it.

    python site_build.py validate [--format text|github|gitlab-codequality] [--output FILE] [--root DIR]
                                           check data/ and list every problem; `github` prints
                                           workflow commands (annotations on the pull request's
                                           lines), `gitlab-codequality` GitLab's Code Quality JSON
    python site_build.py build [--site-dir DIR] [--jobs N] [--engine mkdocs|properdocs]
                                           generate, render the shards in N processes, finish
    python site_build.py build --shard I/N --out DIR
                                           only part I of N of the shards (one machine's share)
    python site_build.py merge DIR... [--site-dir DIR]
                                           join the parts, finish, check links, swap into place
    python site_build.py generate OUT      only the engine-neutral tree (pages, navs, charts, files)
    python site_build.py serve [--addr 127.0.0.1:8000]
    python site_build.py schema            write the editors' JSON Schemas to data/schema/
    python site_build.py diff BASE [HEAD] [--format text|markdown]
                                           what changed for readers between two git
                                           revisions (HEAD omitted: the working tree)
    python site_build.py bench [--cities 1,10,100] [--timeout 900] [--jobs N] [--no-lighthouse]
                                           measure build time by stage, shard and worker,
                                           memory, scale and page weight (bench/README.md);
                                           writes bench/results.json and bench/README.md

Exit status: 0 on success, 1 when the data or the build has problems (printed
as file:line:column: field: message), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # before anything imports MkDocs

from generator.data.errors import DataErrors  # noqa: E402
from generator.data.schema import json_schemas  # noqa: E402
from generator.data.validate import load_dataset  # noqa: E402
from generator.settings import SettingError  # noqa: E402

SCHEMA_DIR = ROOT / "data" / "schema"


def cmd_validate(args) -> int:
    """Validate; with --format github or gitlab-codequality, the problems also go to stdout (or
    --output) in that form, for CI to show on the pull request, and the report to stderr."""
    from generator.data import report

    root = Path(args.root).resolve() if args.root else ROOT
    try:
        dataset = _validated(root)
    except DataErrors as exc:
        if args.format == "text":
            raise
        _write(report.render(exc.errors, args.format), args.output)
        print(exc.report(), file=sys.stderr)
        return 1
    if args.format != "text":
        _write(report.render([], args.format), args.output)
    out = sys.stdout if args.format == "text" or args.output else sys.stderr  # stdout holds the machine's format
    for city in dataset.cities:
        print(f"{city.city.id}: {len(city.indicators)} indicators, {len(city.items)} items, "
              f"{len(city.overviews)} domain overviews", file=out)
    print("数据有效 / data is valid", file=out)
    return 0


def _validated(root: Path):
    """The dataset of `root`, or DataErrors with every problem of its data and its pages."""
    from generator.data import confine

    # The hand-written pages come in pull requests too; the build checks them the same way.
    pages = confine.symbolic_links(root, [root / "content", root / "theme"]) + confine.content_problems(root, root / "content")
    try:
        dataset = load_dataset(root)
    except DataErrors as exc:
        raise DataErrors(exc.errors + pages) from None
    if pages:
        raise DataErrors(pages)
    return dataset


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _check_settings() -> None:
    """Every setting read before anything is built (a bad one is a usage error, exit 2), a
    warning when no page will have an "edit" link (no SITE_REPO_URL and no web address for
    the git remote), and one when the site's own address is not set (on CI it must be: an error)."""
    from generator.paths import cache_dir
    from generator.settings import (build_datetime, check_site_url, repo_kind, repo_url, repo_url_warning,
                                    shard_cache_enabled)

    url = check_site_url()
    repo_url(), repo_kind(), build_datetime(), cache_dir(), shard_cache_enabled()
    if repo_url_warning():
        print(repo_url_warning(), file=sys.stderr)
    if not url:
        print("注意：未设置 SITE_URL（网站的公开网址），因此本次构建只用相对链接：没有规范链接和站点地图，"
              "订阅源用相对链接，引用和嵌入代码注明网址未设置。发布前请设置它（README，Settings）。\n"
              "note: SITE_URL (the site's public address) is not set, so this build uses relative links only: "
              "no canonical links and no sitemap, feeds with relative links, citations and embed code that say "
              "the address is not set. Set it before publishing (README, Settings).", file=sys.stderr)


def _failed(exc: Exception, site_dir: Path) -> int:
    # A failed page or a broken link: the previous site is untouched.
    print(f"构建失败 / build failed: {exc}", file=sys.stderr)
    print(f"{site_dir} 保持原样 / was left as it was.", file=sys.stderr)
    return 1



def cmd_build(args) -> int:
    from generator.build import BuildBusy, SiteDirRefused, build_part, build_site
    from generator.engine import BuildFailed, available
    from generator.finish import MergeError

    _quiet_mkdocs(args.verbose)
    _check_settings()
    if args.engine != "mkdocs" and not available(args.engine):
        print(f"{args.engine} 未安装 / is not installed: pip install properdocs==1.6.7 (requirements-test.txt)", file=sys.stderr)
        return 2
    if args.shard:
        index, _, count = args.shard.partition("/")
        if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)) or not args.out:
            print("--shard takes I/N (1 ≤ I ≤ N) and needs --out DIR", file=sys.stderr)
            return 2
        try:
            shards = build_part(ROOT, Path(args.out), int(index), int(count), jobs=args.jobs, engine_name=args.engine)
        except SiteDirRefused as exc:
            print(exc, file=sys.stderr)
            return 2
        except (BuildFailed, BuildBusy, OSError) as exc:
            return _failed(exc, Path(args.out))
        print(f"built part {args.shard} into {args.out}: {', '.join(shards) or 'no shards'}")
        return 0
    site_dir = Path(args.site_dir)
    try:
        build_site(ROOT, site_dir, jobs=args.jobs, engine_name=args.engine)
    except SiteDirRefused as exc:
        # Checked before anything else: nothing was read, built or deleted.
        print(exc, file=sys.stderr)
        return 2
    except BuildBusy as exc:
        print(exc, file=sys.stderr)
        return 1
    except (BuildFailed, MergeError, OSError) as exc:
        # A failed page, a broken link, a folder we may not write: the previous site is untouched.
        return _failed(exc, site_dir)
    print(f"built {site_dir}")
    return 0


def cmd_merge(args) -> int:
    from generator.build import BuildBusy, SiteDirRefused, merge_parts
    from generator.finish import MergeError

    _check_settings()
    site_dir = Path(args.site_dir)
    try:
        report = merge_parts([Path(p) for p in args.parts], site_dir)
    except SiteDirRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    except (MergeError, BuildBusy, OSError) as exc:
        return _failed(exc, site_dir)
    print(f"merged {report['shards']} shards into {site_dir}")
    return 0


def cmd_generate(args) -> int:
    from generator.generate import generate

    manifest = generate(ROOT, Path(args.out))
    print(f"generated {len(manifest['pages'])} pages in {len(manifest['shards'])} shards into {args.out}")
    return 0


def cmd_serve(args) -> int:
    from generator.serve import serve

    load_dataset(ROOT)  # refuse to start on invalid data, with the list of problems
    _quiet_mkdocs(False)
    # After an edit, the tree is generated again and only the shards whose files changed are rendered again.
    return serve(ROOT, args.addr, jobs=args.jobs, engine_name=args.engine)


def cmd_schema(args) -> int:
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        path = SCHEMA_DIR / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def cmd_diff(args) -> int:
    from generator.site.changes import compare, dataset_at, describe

    # The base may predate a change of the schema (a pull request that changes it): read it as
    # the history does, in today's shape (generator/data/migrations.py). The head is checked in full.
    before = dataset_at(ROOT, args.base, past=True)
    after = dataset_at(ROOT, args.head) if args.head else load_dataset(ROOT)
    sys.stdout.write(describe(compare(before, after), args.format))
    return 0


def cmd_bench(args) -> int:
    from bench.bench import run

    return run(args)


def _quiet_mkdocs(verbose: bool) -> None:
    """Show the engine's warnings and errors (a refused folder, a broken link under `strict`),
    not its progress. MkDocs counts warnings with a handler of its own, which also keeps
    Python from printing them: without a handler here they would never be seen."""
    engine = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    engine.addHandler(handler)
    if not verbose:
        for name in ("mkdocs", "properdocs"):
            logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="site_build.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check data/ and list every problem")
    p.add_argument("--format", choices=("text", "github", "gitlab-codequality"), default="text",
                   help="text (default); github: workflow commands, shown as annotations on the pull request; "
                        "gitlab-codequality: GitLab's Code Quality report (JSON), shown on the merge request")
    p.add_argument("--output", help="write the --format output to this file instead of stdout")
    p.add_argument("--root", help="the project to validate (default: this one)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("build", help="validate and build the site atomically")
    p.add_argument("--site-dir", default=str(ROOT / "site"),
                   help="where to build (default: site/); refused if it is the project, inside its "
                        "source folders, a symbolic link, or a non-empty folder no build made")
    p.add_argument("--jobs", type=int, default=None, help="processes rendering shards (default: the number of cores)")
    p.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs")
    p.add_argument("--shard", help="I/N: build only part I of N of the shards, into --out (see `merge`)")
    p.add_argument("--out", help="the folder for the part built with --shard")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("merge", help="join parts built with --shard, finish and swap into place")
    p.add_argument("parts", nargs="+")
    p.add_argument("--site-dir", default=str(ROOT / "site"))
    p.set_defaults(func=cmd_merge)
    p = sub.add_parser("generate", help="write the engine-neutral tree (pages, navigation, charts, files)")
    p.add_argument("out")
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("serve", help="serve the site with live reload")
    p.add_argument("--addr", default="127.0.0.1:8000")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs")
    p.set_defaults(func=cmd_serve)
    sub.add_parser("schema", help="write JSON Schemas for editors").set_defaults(func=cmd_schema)
    p = sub.add_parser("diff", help="what changed for readers between two git revisions")
    p.add_argument("base", help="git revision to compare from, e.g. origin/main")
    p.add_argument("head", nargs="?", help="git revision to compare to (default: the working tree)")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("bench", help="measure build time, memory and page weight (bench/README.md)")
    bench_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    if (sys.argv[1:] if argv is None else argv)[:1] == ["bench"]:  # only then: importing bench/ costs ≈70 ms
        try:
            from bench.bench import add_arguments as bench_arguments
        except ImportError:  # the product without its measuring code (bench/ is not part of it)
            pass
    if bench_arguments is not None:
        bench_arguments(p)
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except SettingError as exc:
        print(exc, file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        print(f"git 命令失败 / git failed: {' '.join(exc.cmd)}\n{detail}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
