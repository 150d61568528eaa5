"""Plain-language texts every group starts with: the privacy notice and the default agreement.

The notice is versioned: when its meaning changes, NOTICE_VERSION goes up and consent is asked
again. The agreement template follows the technology points of the practice guides.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# Version 2: says plainly that admins see screening answers, and how erasure works.
# Version 3: says that admins can read every group's forum and chat (recorded on the pages), that
# peer moderators see posts waiting for a check, and exactly what erasure removes and keeps.
# Members who consented to an earlier version are asked again before they take part
# (`access.GroupAccess.needs_consent`, the agreement page).
NOTICE_VERSION = 3

# Kind, templated replies to a declined join request, chosen by the facilitator.
DECLINE_MESSAGES = {
    "not_right_fit": lambda: _(
        "Thank you for asking to join. After reading your answers, we think another kind of "
        "support would suit you better right now. Please reach out to us to talk about options."
    ),
    "group_full": lambda: _(
        "Thank you for asking to join. This group is full at the moment. We will let you know "
        "if a place opens, and we can suggest other support in the meantime."
    ),
    "safety": lambda: _(
        "Thank you for asking to join. For the safety of everyone involved we cannot offer a "
        "place in this group. If you are in danger, please use the crisis contacts on this page."
    ),
}


def notice() -> list[str]:
    """Return the informed-consent notice, one point per item.

    Every point must be true of the code: a change of meaning needs a new NOTICE_VERSION.
    """
    return [
        _(
            "What we collect: a pseudonym you choose, your passphrase (scrambled so no one can read it), the name you use in each group, your answers to any screening questions, and what you write in the group."
        ),
        _("What we never collect: your real name, email, phone number or internet address."),
        _(
            "How it is protected: what you write in the group is stored encrypted with this group's own key."
        ),
        _(
            "Who can read it: the group's members and facilitators see what you post. The organisation's admins can also read the forum and chat of every group, even groups they are not in. Each time they do, it is recorded."
        ),
        _(
            "Posts that wait for a check: some posts are checked before everyone sees them. The facilitators, the admins and the group's peer moderators (members trusted to help) can see these posts while they wait."
        ),
        _(
            "Your screening answers: facilitators and the organisation's admins can read them, and each time they open them it is recorded. Other members never see who asked to join."
        ),
        _(
            "Safety: facilitators read posts to keep everyone safe. If something you write suggests you or someone else is at risk, a facilitator will reach out to you and may share the minimum needed to get help."
        ),
        _(
            "How long it is kept: posts and chat messages are kept only as long as the group's retention rules say."
        ),
        _(
            "If you leave, you can ask for your words to be erased: your posts, chat messages and check-ins are deleted, titles of threads you started are blanked, and your polls are removed. Some things stay, still encrypted with the group: your name in the group, your screening and follow-up answers, and any appeal you wrote. Your account itself cannot be deleted yet."
        ),
    ]


def default_agreement() -> list[str]:
    """Return the default ground rules, each one a clause."""
    return [
        _(
            "What is shared in the group stays in the group. Do not repeat anyone's story outside it."
        ),
        _(
            "Do not take screenshots, photos or recordings of the group, and do not save other members' details."
        ),
        _("Use your group name only; do not share your contact details or ask for anyone else's."),
        _("Be kind. Speak from your own experience and do not tell others what they must do."),
        _(
            "No medical, legal or financial advice; share what helped you, and leave advice to professionals."
        ),
        _(
            "If you will be away for a while, let a facilitator know. If we do not hear from you for longer than the group's absence window, a facilitator will check in privately."
        ),
        _(
            "If you cannot talk safely, use the group's safety word or the \"I can't talk safely\" button: a facilitator will be alerted quietly and nothing will change on your screen."
        ),
        _(
            "If you are in danger right now, contact the emergency services or a crisis line listed on this page."
        ),
        _(
            "Facilitators may hold, edit or remove posts that break these rules, and will tell you why."
        ),
    ]
