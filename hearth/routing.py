from django.urls import path

from hearth.chat.consumers import ChatConsumer
from hearth.groups.consumers import GroupConsumer
from hearth.realtime.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi(), name="ws_notifications"),
    path("ws/groups/<uuid:group_id>/", GroupConsumer.as_asgi(), name="ws_group"),
    path("ws/chat/<uuid:session_id>/", ChatConsumer.as_asgi(), name="ws_chat"),
]
