from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from directory import accounts
from directory.views import after_sign_in
from investbj.api import api
from investbj.views import audit_trail, healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/home/", after_sign_in, name="after_sign_in"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("audit/", audit_trail, name="audit"),
    path("healthz", healthz, name="healthz"),
    path("notifications/", include("notifications.urls")),
    path("tracking/", include("tracking.urls")),
    path("services/", include("services.urls")),
    path("applications/", include("applications.urls")),
    path("promotion/", include("promotion.urls")),
    path("reporting/", include("reporting.urls")),
    path("jobs/", include("jobs.urls")),
    path("", include("rules.urls")),
    path("", include("corpus.urls")),
]
