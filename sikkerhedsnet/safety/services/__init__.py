"""Writes of the safety app, one module per sub-topic; each service is atomic and audited."""

from .common import export_record
from .documents import (
    story_image_store,
    story_panel_add,
    story_panel_move,
    story_panel_remove,
    three_houses_create,
    three_houses_update,
    words_and_pictures_create,
    words_and_pictures_update,
)
from .mapping import (
    mapping_create,
    mapping_entry_add,
    mapping_entry_remove,
    mapping_finalize,
    mapping_participant_add,
    mapping_statements_update,
)
from .network import network_meeting_record, network_member_add, network_member_update
from .plans import (
    IncompletePlan,
    clean_content,
    safety_plan_approve,
    safety_plan_create,
    safety_plan_discard,
    safety_plan_end,
    safety_plan_update,
)
from .scaling import scaling_record
from .screening import target_group_assessment_create

__all__ = [
    "IncompletePlan",
    "clean_content",
    "export_record",
    "mapping_create",
    "mapping_entry_add",
    "mapping_entry_remove",
    "mapping_finalize",
    "mapping_participant_add",
    "mapping_statements_update",
    "network_meeting_record",
    "network_member_add",
    "network_member_update",
    "safety_plan_approve",
    "safety_plan_create",
    "safety_plan_discard",
    "safety_plan_end",
    "safety_plan_update",
    "scaling_record",
    "story_image_store",
    "story_panel_add",
    "story_panel_move",
    "story_panel_remove",
    "target_group_assessment_create",
    "three_houses_create",
    "three_houses_update",
    "words_and_pictures_create",
    "words_and_pictures_update",
]
