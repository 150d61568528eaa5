from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "hearth.realtime"
    label = "realtime"
