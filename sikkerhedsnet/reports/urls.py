from django.urls import path

from .business_cases import views as business_cases
from .early_intervention import views as early_intervention
from .evaluations import views as evaluations
from .measurements import views as measurements
from .views import compliance, management, overview

app_name = "reports"
urlpatterns = [
    path("", overview.index, name="index"),
    path("sagstal/", overview.caseload, name="caseload"),
    path("sagstal/eksport/<str:fmt>/", overview.caseload_export, name="caseload_export"),
    path("ledelsesinformation/", management.dashboard, name="dashboard"),
    path("ledelsesinformation/eksport/<str:fmt>/", management.dashboard_export, name="dashboard_export"),
    path("anbringelser/", management.placements, name="placements"),
    path("anbringelser/eksport/<str:fmt>/", management.placements_export, name="placements_export"),
    path("selvrevision/", compliance.compliance, name="compliance"),
    path("selvrevision/sager/", compliance.compliance_cases, name="compliance_cases"),
    path("selvrevision/pdf/", compliance.compliance_pdf, name="compliance_pdf"),
    path("business-cases/", business_cases.business_case_list, name="business_case_list"),
    path("business-cases/ny/", business_cases.business_case_create, name="business_case_create"),
    path("business-cases/<id:business_case_id>/", business_cases.business_case_detail, name="business_case_detail"),
    path("business-cases/<id:business_case_id>/rediger/", business_cases.business_case_edit, name="business_case_edit"),
    path(
        "business-cases/<id:business_case_id>/realiseret/",
        business_cases.business_case_outcome,
        name="business_case_outcome",
    ),
    path(
        "business-cases/<id:business_case_id>/eksport/<str:fmt>/",
        business_cases.business_case_export,
        name="business_case_export",
    ),
    path("evalueringer/", evaluations.evaluation_list, name="evaluation_list"),
    path("evalueringer/ny/", evaluations.evaluation_create, name="evaluation_create"),
    path("evalueringer/<id:evaluation_id>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evalueringer/<id:evaluation_id>/lodtraekning/", evaluations.evaluation_lottery, name="evaluation_lottery"),
    path("evalueringer/<id:evaluation_id>/maaling/", evaluations.evaluation_snapshot, name="evaluation_snapshot"),
    path("evalueringer/<id:evaluation_id>/eksport/<str:fmt>/", evaluations.evaluation_export, name="evaluation_export"),
    path("barn/<id:child_id>/maalinger/", measurements.measurements, name="measurements"),
    path("barn/<id:child_id>/maalinger/fit/", measurements.fit_add, name="fit_add"),
    path("barn/<id:child_id>/maalinger/spoergeskema/", measurements.involvement_add, name="involvement_add"),
    path(
        "barn/<id:child_id>/maalinger/eksport/<str:fmt>/", measurements.measurements_export, name="measurements_export"
    ),
    path("tidlig-indsats/", early_intervention.early_list, name="early_list"),
    path("tidlig-indsats/ny/", early_intervention.early_create, name="early_create"),
    path("tidlig-indsats/<id:project_id>/", early_intervention.early_detail, name="early_detail"),
    path("tidlig-indsats/<id:project_id>/rediger/", early_intervention.early_edit, name="early_edit"),
    path("tidlig-indsats/<id:project_id>/registrer/", early_intervention.early_record, name="early_record"),
    path(
        "tidlig-indsats/<id:project_id>/registrer/<str:kind>/",
        early_intervention.early_record_save,
        name="early_record_save",
    ),
    path("tidlig-indsats/<id:project_id>/eksport/<str:fmt>/", early_intervention.early_export, name="early_export"),
]
