from django.urls import path

from hearth.groups.consumers import GroupConsumer
from hearth.realtime.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi(), name="ws_notifications"),
    path("ws/groups/<uuid:group_id>/", GroupConsumer.as_asgi(), name="ws_group"),
]
