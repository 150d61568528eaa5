from django.urls import path

from hearth.chat import views

app_name = "chat"

G = "groups/<uuid:group_id>/chat/"
urlpatterns = [
    path(G, views.sessions, name="sessions"),
    path(G + "settings/", views.chat_settings, name="settings"),
    path(G + "<uuid:session_id>/", views.room, name="room"),
    path(G + "<uuid:session_id>/cancel/", views.cancel, name="cancel"),
]
