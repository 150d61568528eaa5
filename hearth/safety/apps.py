from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "hearth.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hearth.groups import names
        from hearth.groups.signals import check_in_flagged, display_name_flagged, screening_flagged
        from hearth.safety import policy, receivers

        screening_flagged.connect(receivers.alert_on_flagged_screening, dispatch_uid="screening")
        check_in_flagged.connect(receivers.alert_on_flagged_check_in, dispatch_uid="check_in")
        display_name_flagged.connect(
            receivers.alert_on_flagged_display_name, dispatch_uid="display_name"
        )
        # Display names are screened against the group's watched words and risk levels.
        names.register_policy(policy.policy_for)
