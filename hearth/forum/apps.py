from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "hearth.forum"
    label = "forum"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hearth.forum import adapters

        adapters.connect()
