from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("callback/", views.callback, name="callback"),
    path("dang-xuat/", views.logout, name="logout"),
    path("da-dang-xuat/", views.signed_out, name="signed_out"),
    path("tai-khoan/", views.account, name="account"),
]
