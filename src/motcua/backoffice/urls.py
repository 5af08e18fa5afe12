"""Back office URLs (Vietnamese slugs; /en/backoffice/… for English)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .views import counter, desk, dossier, feedback, printouts, supervision

app_name = "backoffice"

urlpatterns = [
    path("dang-nhap/", views.StaffLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.StaffPasswordChangeView.as_view(), name="password_change"),
    path("", views.home, name="home"),
    path("phan-cong/", views.postings, name="postings"),
    path("tra-cuu/", views.search, name="search"),
    # Bộ phận tiếp nhận và trả kết quả
    path("quay/", counter.counter_home, name="counter"),
    path("quay/tiep-nhan/", counter.intake, name="intake"),
    path("quay/nhap-bo-sung/", counter.backfill, name="backfill"),
    path("quay/thu-tuc/", counter.procedure_search, name="procedure_search"),
    path("quay/nguoi-nop/", counter.applicant_lookup, name="applicant_lookup"),
    path("quay/dinh-danh/", counter.eid_assistance, name="eid"),
    path("quay/tra-ket-qua/<str:key>/", counter.return_result, name="return_result"),
    path("quay/thu-phi/<str:key>/", counter.collect_fee, name="collect_fee"),
    # Cơ quan giải quyết
    path("xu-ly/", desk.inbox, name="desk"),
    path("xu-ly/phan-cong-lai/", desk.reassign, name="desk_reassign"),
    # Một hồ sơ
    path("ho-so/<str:key>/", dossier.detail, name="dossier"),
    path("ho-so/<str:key>/thao-tac/<str:action>/", dossier.action, name="dossier_action"),
    path("ho-so/<str:key>/nhan-xu-ly/", dossier.claim, name="dossier_claim"),
    path("ho-so/<str:key>/giay-to/<int:document_id>/dinh-kem/", dossier.attach, name="dossier_attach"),
    path("ho-so/<str:key>/tep/<int:file_id>/", dossier.scan, name="dossier_scan"),
    path("ho-so/<str:key>/in/<str:form>/", printouts.dossier_form, name="dossier_form"),
    # Giám sát, sổ theo dõi
    path("giam-sat/", supervision.overview, name="supervision"),
    path("so-theo-doi/", printouts.tracking_book, name="tracking_book"),
    # Phản ánh, kiến nghị
    path("phan-anh/", feedback.feedback_list, name="feedback_list"),
    path("phan-anh/<str:reference>/", feedback.feedback_detail, name="feedback"),
]
