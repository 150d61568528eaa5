from django.urls import include, path
from django.views.i18n import set_language

from hearth.accounts import views as account_views
from hearth.api import api
from hearth.lib import health
from hearth.safety import outbound

urlpatterns = [
    path("", account_views.home, name="home"),
    path("account/", include("hearth.accounts.urls")),
    path("", include("hearth.groups.urls")),
    path("", include("hearth.safety.urls")),
    path("", include("hearth.forum.urls")),
    path("", include("hearth.chat.urls")),
    path("leave/", account_views.leave, name="leave"),
    path("out/", outbound.outbound, name="outbound"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("api/", api.urls),
]

handler400 = "hearth.lib.errors.bad_request"
handler403 = "hearth.lib.errors.permission_denied"
handler404 = "hearth.lib.errors.not_found"
handler500 = "hearth.lib.errors.server_error"
