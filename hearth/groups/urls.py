from django.urls import path

from hearth.groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.my_groups, name="list"),
    path("groups/new/", views.create_group, name="create"),
    path("groups/<uuid:group_id>/", views.home, name="home"),
    path("groups/<uuid:group_id>/agreement/", views.agreement, name="agreement"),
    path("groups/<uuid:group_id>/agreement/edit/", views.edit_agreement, name="edit_agreement"),
    path("groups/<uuid:group_id>/settings/", views.settings, name="settings"),
    path("groups/<uuid:group_id>/members/", views.members, name="members"),
    path(
        "groups/<uuid:group_id>/members/facilitators/",
        views.add_facilitator,
        name="add_facilitator",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/role/",
        views.set_member_role,
        name="set_member_role",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/sanction/",
        views.sanction_member,
        name="sanction_member",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/probation/",
        views.set_probation,
        name="set_probation",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/removed/",
        views.removed_member,
        name="removed_member",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/check-in/",
        views.staff_check_in,
        name="staff_check_in",
    ),
    path("groups/<uuid:group_id>/check-in/", views.check_in, name="check_in"),
    path(
        "groups/<uuid:group_id>/sanctions/<uuid:sanction_id>/lift/",
        views.lift_sanction,
        name="lift_sanction",
    ),
    path("groups/<uuid:group_id>/my-standing/", views.my_standing, name="my_standing"),
    path(
        "groups/<uuid:group_id>/my-standing/<uuid:sanction_id>/appeal/",
        views.appeal_sanction,
        name="appeal_sanction",
    ),
    path("groups/<uuid:group_id>/appeals/", views.appeals, name="appeals"),
    path(
        "groups/<uuid:group_id>/appeals/<uuid:appeal_id>/decide/",
        views.decide_appeal,
        name="decide_appeal",
    ),
    path("groups/<uuid:group_id>/my-name/", views.display_name, name="display_name"),
    path("groups/<uuid:group_id>/leave/", views.leave, name="leave"),
    path("groups/<uuid:group_id>/invitations/", views.invitations, name="invitations"),
    path(
        "groups/<uuid:group_id>/invitations/<uuid:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("groups/<uuid:group_id>/requests/", views.requests, name="requests"),
    path(
        "groups/<uuid:group_id>/requests/<uuid:request_id>/",
        views.decide_request,
        name="decide_request",
    ),
    path("groups/<uuid:group_id>/concerns/", views.concerns, name="concerns"),
    path("join/", views.join, name="join"),
    path("join/<str:token>/", views.invitation, name="invitation"),
    path("requests/<uuid:request_id>/follow-up/", views.follow_up, name="follow_up"),
    path("organisation/people/", views.people, name="people"),
    path(
        "organisation/people/<uuid:person_id>/role/", views.set_person_role, name="set_person_role"
    ),
    path(
        "organisation/people/<uuid:person_id>/sign-out/",
        views.end_person_sessions,
        name="end_person_sessions",
    ),
]
