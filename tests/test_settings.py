"""Settings from the environment are untrusted too: they go into every shareable link."""

from __future__ import annotations

import pytest

from generator import settings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value, expected", [
    ("https://example.github.io/public-services/", "https://example.github.io/public-services/"),
    ("https://standards.example.gov.cn", "https://standards.example.gov.cn/"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
])
def test_a_published_address_is_accepted_and_ends_with_a_slash(monkeypatch, value, expected):
    monkeypatch.setenv("SITE_URL", value)
    assert settings.site_url() == expected and settings.site_url_is_set()


@pytest.mark.parametrize("value", ['https://x.org/"><script>', "javascript:alert(1)", "https://x.org/ a",
                                   "ftp://x.org/", "//x.org/", "https://x.org/\\evil", "https://x.org/'"])
def test_an_address_that_could_break_a_page_is_refused(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(settings.SettingError, match="SITE_URL=.*应为 http:// 或 https:// 开头的网址"):
        settings.site_url()


def test_no_address_means_none_is_given_not_this_machine(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert settings.site_url() == "" and not settings.site_url_is_set()


@pytest.mark.parametrize("value", ["yesterday", "1e9", "-1", "12345678901234"])
def test_a_build_date_that_is_not_whole_seconds_is_refused(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(settings.SettingError, match="SOURCE_DATE_EPOCH"):
        settings.build_datetime()


def test_a_build_date_pins_the_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    assert settings.build_datetime().isoformat() == "2025-11-29T00:00:00+00:00"


# ---- the repository's web address, for the "edit" links ------------------------------------------


@pytest.mark.parametrize("remote, expected", [
    ("git@github.com:owner/repo.git", "https://github.com/owner/repo"),
    ("https://github.com/owner/repo.git", "https://github.com/owner/repo"),
    ("https://github.com/owner/repo/", "https://github.com/owner/repo"),
    ("ssh://git@gitlab.example.gov.cn:2222/unit/data/repo.git", "https://gitlab.example.gov.cn/unit/data/repo"),
    ("http://gitlab.example.gov.cn:8080/unit/repo", "http://gitlab.example.gov.cn:8080/unit/repo"),
    ("git://example.org/owner/repo", "https://example.org/owner/repo"),
    # A token in the remote is never published.
    ("https://webmaster:ghp_secret@github.com/owner/repo.git", "https://github.com/owner/repo"),
    # Not a web address: no edit link.
    ("/srv/git/repo.git", None), ("file:///srv/git/repo.git", None), ("../repo", None), ("C:/repo", None),
    ("ext::sh -c touch% /tmp/x", None), ("https://github.com", None), ("github.com:repo", None),
    # What SITE_REPO_URL would refuse is refused here too.
    ('https://x.org/o/r"><script>', None), ("git@x.org:o/r'.git", None), ("https://x.org/o/r\\x", None),
])
def test_a_git_remote_becomes_a_web_address_or_nothing(remote, expected):
    assert settings.web_url_of_remote(remote) == expected


def _repo_with_origin(path, remote):
    import subprocess
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if remote:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", remote], check=True)
    return path


def test_without_site_repo_url_the_edit_links_follow_the_git_remote(monkeypatch, tmp_path):
    monkeypatch.delenv("SITE_REPO_URL", raising=False)
    root = _repo_with_origin(tmp_path / "clone", "git@github.com:owner/public-services.git")
    assert settings.repo_url(root) == "https://github.com/owner/public-services"
    assert settings.repo_url_warning(root) == ""
    monkeypatch.setenv("SITE_REPO_URL", "https://gitlab.example.org/unit/site/")
    assert settings.repo_url(root) == "https://gitlab.example.org/unit/site"  # the setting comes first


@pytest.mark.parametrize("remote", [None, "/srv/git/repo.git", 'https://x.org/o/r"><script>'])
def test_without_a_web_remote_there_is_no_edit_link_and_one_warning(monkeypatch, tmp_path, remote):
    monkeypatch.delenv("SITE_REPO_URL", raising=False)
    root = _repo_with_origin(tmp_path / "clone", remote)
    assert settings.repo_url(root) == ""
    warning = settings.repo_url_warning(root)
    assert "SITE_REPO_URL" in warning and "修改本页的数据" in warning and '"edit" links' in warning
    assert settings.repo_url(tmp_path / "not-a-repository") == ""


def test_every_page_gets_its_edit_link_from_the_remote(monkeypatch, tmp_path):
    from generator import generate
    from generator.data.validate import Dataset
    from generator.site.context import BuildContext

    def build_context() -> BuildContext:  # what a build reads once, at its start
        return BuildContext.start(tmp_path, Dataset(tmp_path, [], [], []), tmp_path / "cache")

    monkeypatch.delenv("SITE_REPO_URL", raising=False)
    monkeypatch.delenv("SITE_REPO_BRANCH", raising=False)
    monkeypatch.setattr(settings, "_origin_web_url", lambda root: "https://github.com/owner/public-services")
    origin = generate._origin(build_context(), "data/cities/yichun/indicators.yml", 12, {})
    assert origin["edit_url"] == "https://github.com/owner/public-services/edit/main/data/cities/yichun/indicators.yml"
    assert origin["view_url"].endswith("/blob/main/data/cities/yichun/indicators.yml#L12")
    monkeypatch.setattr(settings, "_origin_web_url", lambda root: None)
    assert generate._origin(build_context(), "data/cities/yichun/indicators.yml", 12, {})["edit_url"] == ""


@pytest.mark.parametrize(("repo", "kind", "edit", "view"), [
    ("https://github.com/o/r", "", "https://github.com/o/r/edit/main/data/x.yml", "https://github.com/o/r/blob/main/data/x.yml#L3"),
    ("https://gitlab.com/g/sub/r", "", "https://gitlab.com/g/sub/r/-/edit/main/data/x.yml",
     "https://gitlab.com/g/sub/r/-/blob/main/data/x.yml#L3"),
    ("https://gitlab.example.org/unit/site", "", "https://gitlab.example.org/unit/site/-/edit/main/data/x.yml", None),
    # A GitLab whose host name does not say so, told by the setting; and the setting over the host name.
    ("https://code.example.gov.cn/unit/site", "gitlab", "https://code.example.gov.cn/unit/site/-/edit/main/data/x.yml", None),
    ("https://gitlab.example.org/mirror/r", "github", "https://gitlab.example.org/mirror/r/edit/main/data/x.yml", None),
])
def test_edit_links_follow_the_layout_of_github_or_gitlab(monkeypatch, tmp_path, repo, kind, edit, view):
    from generator import generate
    from generator.data.validate import Dataset
    from generator.site.context import BuildContext

    monkeypatch.setenv("SITE_REPO_URL", repo)
    monkeypatch.delenv("SITE_REPO_BRANCH", raising=False)
    monkeypatch.setenv("SITE_REPO_KIND", kind)
    ctx = BuildContext.start(tmp_path, Dataset(tmp_path, [], [], []), tmp_path / "cache")  # reads the settings once
    origin = generate._origin(ctx, "data/x.yml", 3, {})
    assert origin["edit_url"] == edit
    if view:
        assert origin["view_url"] == view
    folder = generate._origin(ctx, "data/cities/x", 0, {})  # a folder: its listing, which has no editor
    assert folder["edit_url"] == edit.replace("/edit/", "/tree/").replace("/data/x.yml", "/data/cities/x")


def test_a_repository_kind_other_than_github_or_gitlab_is_refused(monkeypatch):
    monkeypatch.setenv("SITE_REPO_KIND", "bitbucket")
    with pytest.raises(settings.SettingError) as info:
        settings.repo_kind()
    assert info.value.code == "bad-repo-kind" and "github 或 gitlab" in str(info.value) and "expected github or gitlab" in str(info.value)


def test_the_cache_folder_is_the_projects_unless_set(monkeypatch, tmp_path):
    monkeypatch.delenv("SITE_CACHE_DIR", raising=False)
    assert settings.cache_dir(tmp_path) == tmp_path / ".cache"
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "elsewhere" / "cache"))
    assert settings.cache_dir(tmp_path / "project") == tmp_path / "elsewhere" / "cache"
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "project" / ".cache" / "ci"))
    assert settings.cache_dir(tmp_path / "project") == tmp_path / "project" / ".cache" / "ci"


@pytest.mark.parametrize("value, problem", [
    ("relative/cache", "bad-cache-dir"),
    ("/tmp/a\nb", "bad-cache-dir"),
    ("{project}", "cache-dir-in-project"),
    ("{project}/theme/assets", "cache-dir-in-project"),
    ("{project}/data", "cache-dir-in-project"),
    ("{project}/.cache/../site", "cache-dir-in-project"),
    ("{project}/link-to-data", "cache-dir-in-project"),
    ("{project}/../a-file", "cache-dir-not-folder"),
])
def test_a_cache_folder_that_would_pollute_the_project_or_cannot_be_one_is_refused(monkeypatch, tmp_path, value, problem):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "link-to-data").symlink_to(project / "data")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    monkeypatch.setenv("SITE_CACHE_DIR", value.format(project=project))
    with pytest.raises(settings.SettingError, match=f"\\[{problem}\\] environment variable SITE_CACHE_DIR="):
        settings.cache_dir(project)


def test_the_test_session_keeps_its_caches_out_of_the_project():
    """tests/conftest.py points SITE_CACHE_DIR at a folder of this session's own."""
    from generator.paths import PROJECT, cache_dir

    assert PROJECT not in cache_dir().resolve().parents and cache_dir().is_dir()
