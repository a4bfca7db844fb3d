"""Access expectations for the safety app (Samarbejde om sikkerhed), pages and API (see testing/access.py).

How the views check access: every page is about one child and goes through children's child_for_request or,
for an object the child owns, object_for_request: 404 for anyone who may not see the child, as for a child
that does not exist, and every allowed read is logged as the child's. The API uses child_for_api and
object_for_api: 401 without a token, 403 for a role without case access, 404 for a child out of sight.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from sikkerhedsnet.testing.access import (
    FORBIDDEN,
    NOT_ALLOWED,
    UNAUTHORIZED,
    Api,
    Obj,
    Url,
    case_object,
    everyone,
)


def _owner(world, relation):
    return world.children[relation].case.caseworker


def _mapping(world, relation):
    from sikkerhedsnet.safety.tests.factories import MappingFactory

    return MappingFactory(child=world.children[relation], created_by=_owner(world, relation))


def _entry(world, relation):
    from sikkerhedsnet.safety.tests.factories import EntryFactory

    return EntryFactory(mapping=world.made("mapping", relation))


def _member(world, relation):
    from sikkerhedsnet.safety.tests.factories import NetworkMemberFactory

    return NetworkMemberFactory(child=world.children[relation], created_by=_owner(world, relation))


def _plan(world, relation):
    from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory

    return SafetyPlanFactory(child=world.children[relation], created_by=_owner(world, relation))


def _story(world, relation):
    from sikkerhedsnet.safety.tests.factories import StoryFactory

    return StoryFactory(child=world.children[relation], created_by=_owner(world, relation))


def _image(world, relation):
    from sikkerhedsnet.safety.models import StoryImage
    from sikkerhedsnet.safety.tests.factories import png_bytes

    data = png_bytes()
    image = StoryImage(child=world.children[relation], content_type="image/png", size=len(data))
    image.uploaded_by = _owner(world, relation)
    image.file.save("tegning.png", ContentFile(data), save=False)
    image.save()
    return image


def _panel(world, relation):
    from sikkerhedsnet.safety.models import StoryPanel

    story = world.made("story", relation)
    position = story.panels.count() + 1
    return StoryPanel.objects.create(story=story, position=position, text="Mor og far råbte. (Fiktiv.)")


def _houses(world, relation):
    from sikkerhedsnet.safety.tests.factories import ThreeHousesFactory

    return ThreeHousesFactory(child=world.children[relation], created_by=_owner(world, relation))


OBJECTS = {
    "mapping": Obj(make=_mapping, kwargs=lambda o: {"mapping_id": o.pk}),
    "mapping_entry": Obj(
        make=_entry, kwargs=lambda o: {"entry_id": o.pk}, child=lambda o: o.mapping.child_id, fresh=True
    ),
    "network_member": Obj(make=_member, kwargs=lambda o: {"member_id": o.pk}),
    "safety_plan": Obj(make=_plan, kwargs=lambda o: {"plan_id": o.pk}),
    "story": Obj(make=_story, kwargs=lambda o: {"story_id": o.pk}),
    "story_panel": Obj(make=_panel, kwargs=lambda o: {"panel_id": o.pk}, child=lambda o: o.story.child_id, fresh=True),
    "story_image": Obj(make=_image, kwargs=lambda o: {"public_id": o.public_id}),
    "three_houses": Obj(make=_houses, kwargs=lambda o: {"houses_id": o.pk}),
}

CHILD = case_object()
POST_ONLY = everyone(NOT_ALLOWED)
VIEWED = ("child_viewed",)


def page(obj, **kw):
    """A page (GET and POST) about one child, reached through `obj`."""
    return Url(obj=obj, get=CHILD, post=CHILD, audit=VIEWED, **kw)


def action(obj, **kw):
    """A POST-only action on one child's `obj`."""
    return Url(obj=obj, get=POST_ONLY, post=CHILD, **kw)


URLS = {
    "safety:overview": page("child"),
    "safety:target_group": page("child"),
    "safety:mapping_list": page("child"),
    "safety:mapping_create": action("child"),
    "safety:mapping_compare": page("child"),
    "safety:mapping_detail": page("mapping"),
    "safety:participant_add": action("mapping"),
    "safety:entry_add": action("mapping", kwargs={"column": "worries"}),
    "safety:entry_remove": action("mapping_entry"),
    "safety:statements_update": action("mapping"),
    "safety:mapping_finalize": action("mapping"),
    "safety:scaling": page("child"),
    "safety:scaling_pdf": page("child"),
    "safety:network": page("child"),
    "safety:member_add": action("child"),
    "safety:meeting_add": action("child"),
    "safety:member_edit": page("network_member"),
    "safety:plan_overview": page("child"),
    "safety:plan_create": page("child"),
    "safety:plan_compare": page("child"),
    "safety:plan_detail": page("safety_plan"),
    "safety:plan_edit": page("safety_plan"),
    "safety:plan_approve": page("safety_plan"),
    "safety:plan_end": page("safety_plan"),
    "safety:plan_discard": action("safety_plan"),
    "safety:plan_pdf": page("safety_plan"),
    "safety:story_list": page("child"),
    "safety:story_detail": page("story"),
    "safety:story_update": action("story"),
    "safety:panel_add": action("story"),
    "safety:story_pdf": page("story"),
    "safety:panel_remove": action("story_panel"),
    "safety:panel_move": action("story_panel"),
    "safety:story_image": Url(obj="story_image", get=CHILD, post=CHILD, audit=("child_viewed", "document_downloaded")),
    "safety:houses_list": page("child"),
    "safety:houses_create": page("child"),
    "safety:houses_detail": page("three_houses"),
    "safety:houses_edit": page("three_houses"),
    "safety:houses_pdf": page("three_houses"),
}

API_READ = case_object(no_access=FORBIDDEN, anonymous=UNAUTHORIZED)


def _scaling(world):
    return {
        "scored_on": timezone.localdate().isoformat(),
        "scores": [{"participant": "Mor", "role": "mother", "score": 5}],
    }


API = {
    "POST /api/v1/children/{child_id}/target-group-assessments": Api(obj="child", rule=API_READ, body=lambda w: {}),
    "GET /api/v1/children/{child_id}/target-group-assessments": Api(obj="child", rule=API_READ, audit=VIEWED),
    "POST /api/v1/children/{child_id}/safety-plans": Api(obj="child", rule=API_READ, body=lambda w: {}),
    "GET /api/v1/children/{child_id}/safety-plans": Api(obj="child", rule=API_READ, audit=VIEWED),
    "GET /api/v1/safety-plans/{plan_id}": Api(obj="safety_plan", rule=API_READ, audit=VIEWED),
    "PUT /api/v1/safety-plans/{plan_id}": Api(obj="safety_plan", rule=API_READ, body=lambda w: {"lock_version": 1}),
    "POST /api/v1/safety-plans/{plan_id}/approve": Api(obj="safety_plan", rule=API_READ, body=lambda w: {}),
    "POST /api/v1/safety-plans/{plan_id}/end": Api(
        obj="safety_plan", rule=API_READ, body=lambda w: {"outcome": "other"}
    ),
    "GET /api/v1/safety-plans/{plan_id}/versions": Api(obj="safety_plan", rule=API_READ, audit=VIEWED),
    # Discarding a draft, as the page (a plan that is no longer a draft, or a stale lock_version, is a 409).
    "POST /api/v1/safety-plans/{plan_id}/discard": Api(
        obj="safety_plan", rule=API_READ, body=lambda w: {"lock_version": 1}
    ),
    "POST /api/v1/children/{child_id}/scalings": Api(obj="child", rule=API_READ, body=_scaling),
    "GET /api/v1/children/{child_id}/scalings": Api(obj="child", rule=API_READ, audit=VIEWED),
}


# --- Safety work (v2): mapping, network, Words & Pictures, Three Houses --------------------------------------------
# Bodies are schema-valid (the schema is checked before the access rule); a refusal by the service (a stale
# version, a finalized mapping, a participant that does not exist) is a 409/422, which the matrix counts as "ok".


def _today(world):
    return timezone.localdate().isoformat()


API |= {
    "GET /api/v1/children/{child_id}/mappings": Api(obj="child", rule=API_READ, audit=VIEWED),
    "POST /api/v1/children/{child_id}/mappings": Api(
        obj="child", rule=API_READ, body=lambda w: {"held_on": _today(w), "title": "Netværksmøde"}
    ),
    "GET /api/v1/mappings/{mapping_id}": Api(obj="mapping", rule=API_READ, audit=VIEWED),
    "PUT /api/v1/mappings/{mapping_id}/statements": Api(
        obj="mapping", rule=API_READ, body=lambda w: {"version": 1, "danger_statement": "Fiktiv faresætning"}
    ),
    "POST /api/v1/mappings/{mapping_id}/participants": Api(
        obj="mapping", rule=API_READ, body=lambda w: {"role": "mother", "name": "Mor"}
    ),
    "POST /api/v1/mappings/{mapping_id}/entries": Api(
        obj="mapping", rule=API_READ, body=lambda w: {"category": "strengths", "text": "Mor kommer", "said_by_id": 1}
    ),
    "DELETE /api/v1/mapping-entries/{entry_id}": Api(obj="mapping_entry", rule=API_READ),
    "POST /api/v1/mappings/{mapping_id}/finalize": Api(obj="mapping", rule=API_READ, body=lambda w: {"version": 1}),
    "GET /api/v1/children/{child_id}/network-members": Api(obj="child", rule=API_READ, audit=VIEWED),
    "POST /api/v1/children/{child_id}/network-members": Api(
        obj="child", rule=API_READ, body=lambda w: {"name": "Mormor", "role": "supporter"}
    ),
    "PUT /api/v1/network-members/{member_id}": Api(
        obj="network_member", rule=API_READ, body=lambda w: {"version": 1, "name": "Mormor", "role": "supporter"}
    ),
    "POST /api/v1/network-members/{member_id}/deactivate": Api(
        obj="network_member", rule=API_READ, body=lambda w: {"version": 1}
    ),
    "GET /api/v1/children/{child_id}/network-meetings": Api(obj="child", rule=API_READ, audit=VIEWED),
    "POST /api/v1/children/{child_id}/network-meetings": Api(
        obj="child", rule=API_READ, body=lambda w: {"held_on": _today(w), "minutes": "Fiktivt referat"}
    ),
    "GET /api/v1/children/{child_id}/words-and-pictures": Api(obj="child", rule=API_READ, audit=VIEWED),
    "POST /api/v1/children/{child_id}/words-and-pictures": Api(
        obj="child", rule=API_READ, body=lambda w: {"title": "Historien om Ida"}
    ),
    "GET /api/v1/words-and-pictures/{story_id}": Api(obj="story", rule=API_READ, audit=VIEWED),
    "PUT /api/v1/words-and-pictures/{story_id}": Api(
        obj="story", rule=API_READ, body=lambda w: {"version": 1, "title": "Historien om Ida"}
    ),
    "POST /api/v1/words-and-pictures/{story_id}/panels": Api(
        obj="story", rule=API_READ, body=lambda w: {"text": "Mor og far råbte. (Fiktiv.)"}
    ),
    "DELETE /api/v1/story-panels/{panel_id}": Api(obj="story_panel", rule=API_READ),
    "POST /api/v1/story-panels/{panel_id}/move": Api(
        obj="story_panel", rule=API_READ, body=lambda w: {"direction": "up"}
    ),
    "GET /api/v1/story-images/{public_id}": Api(
        obj="story_image", rule=API_READ, audit=("child_viewed", "document_downloaded")
    ),
    "GET /api/v1/children/{child_id}/three-houses": Api(obj="child", rule=API_READ, audit=VIEWED),
    "POST /api/v1/children/{child_id}/three-houses": Api(
        obj="child", rule=API_READ, body=lambda w: {"held_on": _today(w), "setting": "alone", "worries": "Råb"}
    ),
    "GET /api/v1/three-houses/{houses_id}": Api(obj="three_houses", rule=API_READ, audit=VIEWED),
    "PUT /api/v1/three-houses/{houses_id}": Api(
        obj="three_houses",
        rule=API_READ,
        body=lambda w: {"version": 1, "held_on": _today(w), "setting": "alone", "worries": "Råb"},
    ),
}

# The PDFs the pages offer, as API operations (safety/pdfs.py): the same getter, purpose and audit event (the read
# and the export, both on the child). The mapping comparison: the matrix's ids are not the child's mappings, so an
# allowed call is 422 unknown_mapping (counted as "ok"); the child's read is logged before.
EXPORTED = ("child_viewed", "exported")
API |= {
    "GET /api/v1/safety-plans/{plan_id}/pdf": Api(obj="safety_plan", rule=API_READ, audit=EXPORTED),
    "GET /api/v1/words-and-pictures/{story_id}/pdf": Api(obj="story", rule=API_READ, audit=EXPORTED),
    "GET /api/v1/three-houses/{houses_id}/pdf": Api(obj="three_houses", rule=API_READ, audit=EXPORTED),
    "GET /api/v1/children/{child_id}/scalings/pdf": Api(obj="child", rule=API_READ, audit=EXPORTED),
    "GET /api/v1/children/{child_id}/mapping-comparison": Api(
        obj="child", rule=API_READ, audit=VIEWED, query=lambda w: {"left_id": "1", "right_id": "1"}
    ),
}
