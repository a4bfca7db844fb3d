from django.urls import path

from .views import documents, mapping, network, overview, plans, scaling

app_name = "safety"
urlpatterns = [
    path("boern/<id:child_id>/", overview.overview, name="overview"),
    path("boern/<id:child_id>/maalgruppe/", overview.target_group, name="target_group"),
    # Mapping (kortlægning)
    path("boern/<id:child_id>/kortlaegning/", mapping.mapping_list, name="mapping_list"),
    path("boern/<id:child_id>/kortlaegning/ny/", mapping.mapping_create, name="mapping_create"),
    path("boern/<id:child_id>/kortlaegning/sammenlign/", mapping.mapping_compare, name="mapping_compare"),
    path("kortlaegning/<id:mapping_id>/", mapping.mapping_detail, name="mapping_detail"),
    path("kortlaegning/<id:mapping_id>/deltagere/", mapping.participant_add, name="participant_add"),
    path("kortlaegning/<id:mapping_id>/punkter/<str:column>/", mapping.entry_add, name="entry_add"),
    path("kortlaegning/punkter/<id:entry_id>/fjern/", mapping.entry_remove, name="entry_remove"),
    path("kortlaegning/<id:mapping_id>/faresaetninger/", mapping.statements_update, name="statements_update"),
    path("kortlaegning/<id:mapping_id>/afslut/", mapping.mapping_finalize, name="mapping_finalize"),
    # Scaling (skalering)
    path("boern/<id:child_id>/skalering/", scaling.scaling_page, name="scaling"),
    path("boern/<id:child_id>/skalering/pdf/", scaling.scaling_pdf, name="scaling_pdf"),
    # Network (netværk)
    path("boern/<id:child_id>/netvaerk/", network.network_page, name="network"),
    path("boern/<id:child_id>/netvaerk/ny/", network.member_add, name="member_add"),
    path("boern/<id:child_id>/netvaerk/moeder/", network.meeting_add, name="meeting_add"),
    path("netvaerk/<id:member_id>/", network.member_edit, name="member_edit"),
    # Safety plans (sikkerhedsplaner)
    path("boern/<id:child_id>/sikkerhedsplan/", plans.plan_overview, name="plan_overview"),
    path("boern/<id:child_id>/sikkerhedsplan/ny/", plans.plan_create, name="plan_create"),
    path("boern/<id:child_id>/sikkerhedsplan/sammenlign/", plans.plan_compare, name="plan_compare"),
    path("sikkerhedsplaner/<id:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("sikkerhedsplaner/<id:plan_id>/rediger/", plans.plan_edit, name="plan_edit"),
    path("sikkerhedsplaner/<id:plan_id>/godkend/", plans.plan_approve, name="plan_approve"),
    path("sikkerhedsplaner/<id:plan_id>/afslut/", plans.plan_end, name="plan_end"),
    path("sikkerhedsplaner/<id:plan_id>/kasser/", plans.plan_discard, name="plan_discard"),
    path("sikkerhedsplaner/<id:plan_id>/pdf/", plans.plan_pdf, name="plan_pdf"),
    # Words & Pictures (ord og billeder) and the Three Houses (de tre huse)
    path("boern/<id:child_id>/ord-og-billeder/", documents.story_list, name="story_list"),
    path("ord-og-billeder/<id:story_id>/", documents.story_detail, name="story_detail"),
    path("ord-og-billeder/<id:story_id>/ret/", documents.story_update, name="story_update"),
    path("ord-og-billeder/<id:story_id>/billeder/", documents.panel_add, name="panel_add"),
    path("ord-og-billeder/<id:story_id>/pdf/", documents.story_pdf, name="story_pdf"),
    path("ord-og-billeder/billeder/<id:panel_id>/fjern/", documents.panel_remove, name="panel_remove"),
    path("ord-og-billeder/billeder/<id:panel_id>/flyt/", documents.panel_move, name="panel_move"),
    path("billeder/<uuid:public_id>/", documents.story_image, name="story_image"),
    path("boern/<id:child_id>/tre-huse/", documents.houses_list, name="houses_list"),
    path("boern/<id:child_id>/tre-huse/ny/", documents.houses_create, name="houses_create"),
    path("tre-huse/<id:houses_id>/", documents.houses_detail, name="houses_detail"),
    path("tre-huse/<id:houses_id>/ret/", documents.houses_edit, name="houses_edit"),
    path("tre-huse/<id:houses_id>/pdf/", documents.houses_pdf, name="houses_pdf"),
]
