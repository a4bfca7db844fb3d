import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploaded pictures go to a temporary folder, never into the worktree's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
