from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "hearth.chat"
    label = "chat"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hearth.chat import adapters

        adapters.connect()
