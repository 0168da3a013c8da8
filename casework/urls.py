from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

from casework.accounts import views as accounts_views
from casework.accounts.forms import SignInForm
from casework.accounts.views import language_set, second_factor_enrol, second_factor_verify
from casework.api.token_views import api_token_create, api_token_revoke
from casework.notifications.views import account_settings


@require_GET
@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Passwords: Django's own views (casework.accounts.views: throttled and audited).
    path(
        "accounts/password/reset/",
        accounts_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/password/", accounts_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/settings/", account_settings, name="account_settings"),
    path("accounts/settings/tokens/", api_token_create, name="api_token_create"),
    path("accounts/settings/tokens/<int:pk>/revoke/", api_token_revoke, name="api_token_revoke"),
    path("accounts/two-step/", second_factor_enrol, name="second_factor_enrol"),
    path("accounts/two-step/verify/", second_factor_verify, name="second_factor_verify"),
    path("i18n/setlang/", language_set, name="set_language"),
    path("accounts/", include("casework.accounts.urls")),
    path("cases/<str:reference>/briefings/", include("casework.briefings.urls")),
    path("cases/<str:reference>/access/", include("casework.audit.urls")),
    path("cases/<str:reference>/disclosures/", include("casework.disclosures.case_urls")),
    path("disclosures/", include("casework.disclosures.urls")),
    path("", include("casework.reports.urls")),
    path("cases/", include("casework.cases.urls")),
    path("tasks/", include("flows.urls")),
    path("api/", include("casework.api.urls")),
    path("admin/", admin.site.urls),
]
