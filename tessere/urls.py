from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from tessere.accounts import views as account_views

# The admin login goes through allauth, so its rate limits cover it too (PITFALLS.md).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Tessere administration")
admin.site.site_title = _("Tessere")
admin.site.index_title = _("Programme administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before allauth's own URLs: this page replaces allauth's "add or change email".
    path("account/email/", account_views.email_address, name="account_email"),
    path("account/", include("allauth.urls")),
    path("lingua/", set_language, name="set_language"),
    path("", include("tessere.accounts.urls")),
    path("", include("tessere.agenda.urls")),
    path("", include("tessere.meetings.urls")),
    path("", include("tessere.opportunities.urls")),
    path("", include("tessere.notifications.urls")),
    path("", include("tessere.networks.urls")),
    path("", include("tessere.forum.urls")),
    path("", include("tessere.documents.urls")),
    path("", include("tessere.practices.urls")),
    path("", include("tessere.search.urls")),
    path("", include("tessere.learning.urls")),
    path("", include("tessere.mentoring.urls")),
    path("", include("tessere.registry.urls")),
]
