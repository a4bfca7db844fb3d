"""Access expectations for the reports app (see sikkerhedsnet/core/testing/access.py)."""

from sikkerhedsnet.core.testing.access import Url, only

REPORTS = only(["analyst", "head", "team_leader"])

URLS = {"reports:index": Url(get=REPORTS, post=REPORTS)}
