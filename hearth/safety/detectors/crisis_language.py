"""Detect built-in crisis language in English and Spanish.

Suicide and self-harm, abuse in progress, child-protection concerns, threats to others and
breaches of court orders are all HIGH by default. Recovery, past-tense and meta talk ("I used to
feel suicidal but I'm better now", "we talked about suicide prevention") and plain negation
("I would never hurt myself") are reported LOW instead, so a reviewer can still see them.
"""

from __future__ import annotations

import re

from hearth.lib.text import fold
from hearth.safety.detectors._rules import load_rules, sentence_bounds
from hearth.safety.types import AssessContext, Finding

_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|don'?t|do not|didn'?t|wouldn'?t|won'?t|no|nunca|jamas|ni)\b"
    r"(?:\s+\w+){0,2}\s*$"
)
# "No longer" and "ya no" tell of recovery only when what stopped is the risk ("I no longer
# self-harm", "ya no me corto"); "I no longer want to be here", "ya no quiero vivir" and "aquí
# ya no me queda nada" are the risk itself. "Get used to" is not "used to", and "never used to"
# is something new.
_RECOVERY = re.compile(
    r"\b(?:(?<!get )(?<!got )(?<!gets )(?<!getting )(?<!be )(?<!been )(?<!am )(?<!'m )(?<!is )"
    r"(?<!are )(?<!'re )(?<!was )(?<!were )(?<!never )(?<!didn't )(?<!didnt )used to|"
    r"years ago|months ago|(?:a )?long time ago|"
    r"in the past|back then|no longer(?! (?:want|wish|care|see|have the|have a reason|have "
    r"anything|feel like|be able|be here|be around|worth|can)\b)|not any ?more|"
    r"better now|i'?m better|doing better|recovered|in recovery|survived|survivor|"
    r"(?:was|were|had been) (?:suicidal|self[ -]?harming)|"
    r"back in (?:the )?(?:'?\d0s|\d{4}|day)|clean from|(?:\d+|a|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve) (?:days?|weeks?|months?|years?) (?:clean|free)\b|"
    r"self[ -]?harm[ -]free|free (?:from|of) self[ -]?harm|"
    r"llevo \w+ (?:dias|semanas|meses|anos) sin (?:cortarme|hacerme dano|autolesionarme)|"
    # "Antes" is the past ("antes me cortaba"), not "antes de" before an infinitive: "todas las
    # noches antes de dormir pienso ojala no despertar" is every night, now.
    r"antes(?! de \w+(?:ar|er|ir)(?:me|se|te|nos)?\b)|"
    r"hace (?:\w+ )?(?:anos|meses)(?! (?:que|desde))|"
    r"ya no(?! (?:quiero|puedo|aguanto|soporto|voy a|vale|tengo "
    r"(?:ganas|fuerzas)|me queda nada|me quedan|queda nada|hay nada|estare|sirvo|siento ganas|"
    r"veo (?:salida|sentido)|le veo|tiene sentido|tengo (?:sentido|razon|motivo)|existo|existir|"
    r"estar\b|estoy(?= *(?:[,.;!?]|$|y\b|aqui\b)))\b)|"
    r"estoy mejor|me recupere|"
    # A span of time since the act itself: "five years since the night I tried", "hace seis
    # anos, en junio, intente". Anchored on the act, so "two years since he died and I want
    # to…" is not.
    r"(?:years?|months?) (?:today )?since (?:the (?:night|day|time) )?"
    r"(?:i (?:tried|attempted|last)|my (?:attempt|overdose|last))|(?:hace (?:\w+ )?(?:anos?|mes(?:es)?),? "
    r"(?:(?:en|el|la) \w+,? )?(?:que )?|(?:anos?|mes(?:es)?) desde que )"
    r"(?:intente|quise|me (?:corte|tome|hice))|"
    # An attempt told in the past perfect, the phrase right after it: "I'd tried to end my life
    # after a night of drinking" (not "I'd tried everything and I want to end my life").
    r"i(?:'d| had) (?:tried|attempted) to(?=\s+…))\b"
)
# "Volví a" is Spanish "again" ("me volví a cortar"); "I've stopped arguing" with the thought
# is giving in to it, not recovery.
_RELAPSE = re.compile(
    r"\b(?:again|relapsed?|started again|back to|otra vez|de nuevo|recai\w*|"
    r"(?:volvi|he vuelto|volvio|vuelvo) a|"
    r"i'?ve stopped (?:arguing|fighting|resisting)(?: (?:it|with it|back))?(?=\s*(?:[.,;!?]|$)))\b"
)
# Something that began lately is not the past: "I survived all that for nothing. I've started
# having thoughts of killing myself" is a new disclosure beside an old story.
_ONSET = re.compile(
    r"\b(?:started|starting|lately|recently|these days|(?<!ago )this (?:week|month|year)|"
    r"ultimamente|empece|empezado|esta (?:semana|noche))\b"
)
_META = re.compile(
    r"\b(?:prevention|awareness|hotline|helpline|training|workshop|research|documentary|"
    r"article|podcast|talked about|talking about|discussed|discussion|book|film|movie|song|"
    r"lyrics|character|episode|finale|show|role ?plays?|roleplay\w*|prevencion|taller|charla|"
    r"cancion|temazo|letra|"
    r"escuchando|pelicula|serie|capitulo|personaje|libro)\b"
)
# Risk told after "and now": "two months ago I lost my job and now I think about ending my
# life" is a new disclosure, whatever the sentence says of the past before it.
_NOW_CLAUSE = re.compile(r"\b(?:and|but|so|y|pero) (?:now|ahora|today|hoy)\b")
_NOW = re.compile(r"\b(?:now|today|ahora|hoy)\b")
# The next sentence dates what was just told: "… thought about ending my life. I had good help
# and that was 40 years ago."
_DATED_AFTER = re.compile(
    r"\b(?:that|it|this) was (?:\w+ |a few |many )?(?:years|decades) ago\b|"
    r"\beso fue hace (?:\w+ )?anos\b"
)
# Someone else's words, quoted: "my friend said 'I want to die' when she dropped her phone".
# The speaker is not "I" (a member quoting themselves to a therapist is still a disclosure).
_QUOTED_BY_OTHER = re.compile(
    r"\b(?!i\b)(?:he|she|they|someone|somebody|people|\w+)\s+(?:said|says|say|joked|jokes|"
    r"shouted|yelled|screamed|texted|wrote|posted|tweeted|sang|sings|goes|went|dijo|dice|grito)"
    r"(?:\s+(?:to me|that))?[,:]?\s*[\"'](?P<inside>(?:(?![\"'](?:[\s.,!?]|$)).){0,40})$"
)
# Someone asked and the member said no: "she asked whether I had thoughts of ending my life and
# I said no". Hypothetical or third-person suicide talk: "what to say if someone tells you
# they're thinking of suicide".
_ASKED_SAID_NO = re.compile(
    r"\b(?:asked|asks|ask)\b.{0,40}\b(?:whether|if)\b.{0,80}\b(?:i|and i) "
    r"(?:said|answered|told (?:her|him|them)|replied) (?:no|not)\b"
)
_THIRD_PARTY = re.compile(
    r"\b(?:if|when) (?:someone|somebody|a (?:friend|member|person|client|student|child)|anyone|"
    r"people|they)\b.{0,40}$|\b(?:they'?re|they are|he'?s|he is|she'?s|she is|someone'?s|"
    r"someone is|are you|were you|you'?re|you are|she'?d|he'?d|they'?d|she had|he had|they had) $"
)
# A threat whose condition is a trivial grievance is everyday exaggeration: "I'll kill him if he
# eats my chips again", "if my cat knocks one more thing off the counter I will murder him". A
# condition about a person ("if he touches my kids again") stays HIGH.
_TRIVIAL = (
    r"\bif (?:he|she|they|you|my \w+) (?:\w+ )?(?:borrows?|eats?|takes?|uses?|"
    r"finish(?:es)?|drinks?|steals?|nicks?|wears?|breaks?|loses?|hides?|moves?|spoils?|"
    r"knocks?) (?:my|the|our|all my|all the|another|one more)? ?(?:last )?(?:jumper|chips|"
    r"food|charger|remote|clothes|shoes|make-?up|chocolate|biscuits|cake|snacks|coffee|milk|"
    r"tea|wine|beer|crisps|shampoo|hair ?dryer|headphones|pen|mug|seat|parking space|lunch|"
    r"leftovers|sandwich|pizza|plants?|vase|glass|cup|ending|spoilers?|things?)\b"
    r"|\bsi (?:me )?(?:cuentas|comes|coges|usas|rompes|pierdes|terminas|bebes|"
    r"gastas|destripas) (?:el|la|los|las|mi|mis|otra vez (?:el|la|mi|mis)) (?:final|spoilers?|"
    r"tarta|pastel|comida|cargador|ropa|jersey|chocolate|patatas|cerveza|vino|cafe|movil|"
    r"serie|pelicula)\b"
)
# The same words with no person at the end of them, or an idiom: "I'll strangle the printer",
# "la voy a matar de un disgusto" (she'll be the death of me).
_NOT_A_PERSON = re.compile(
    r"(?:the|my|that|this) (?:printer|computer|laptop|phone|wifi|router|telly|tv|kettle|"
    r"toaster|oven|microwave|hoover|washing machine|dishwasher|alarm|sat ?nav|car|bus|train|"
    r"traffic|weather|website|app|game|boss level)$"
)
_IDIOM_AFTER = re.compile(
    r"\W*de (?:un |una )?(?:coraje|disgusto|susto|risa|pena|rabia|infarto|"
    r"los nervios|aburrimiento)\b"
)
# Laughter or a wink in the sentence or the next: the words of a threat said as a joke. A
# reviewer still looks (MEDIUM); nobody is paged.
_JOKING = re.compile(
    r"\b(?:ja(?:ja)+|je(?:je)+|ji(?:ji)+|ha(?:ha)+|he(?:he)+|lol|lmf?ao+|rofl|xd)\b|"
    r"[\U0001F602\U0001F923\U0001F605\U0001F606\U0001F61C\U0001F61D\U0001F643\U0001F61B]"
)
# "If he wakes me up at 5 again", "como se vuelva a comer mis patatas", "he ate my biryani
# AGAIN": a repeated everyday annoyance as the condition or the reason. One about a person's
# safety keeps the threat HIGH.
_REPEAT_CONDITION = re.compile(
    r"\b(?:if|when|si) [^.!?]{1,60}\b(?:again|one more time|once more|otra vez)\b|"
    r"\b(?:como|si) (?:se )?(?:vuelve|vuelva) a \w+[^.!?]{0,40}|"
    r"\b(?:he|she|they|it) (?:ate|drank|finished|nicked|stole|took|used|broke|hid|hogged)\b"
    r"[^.!?]{0,40}\bagain\b"
)
_SERIOUS_CONDITION = re.compile(
    r"\b(?:near|touch\w*|hurts?|hit\w*|harm\w*|lays?|laid|hands? on|finger on|contact\w*|"
    r"turns? up|shows? up|comes? (?:round|over|to)|text\w*|calls?|messag\w*|threat\w*|follow\w*|"
    r"(?:takes?|took) (?:the|my|our) (?:kids?|children|son|daughter|baby)|"
    r"does (?:that|it)|do (?:that|it)|says? that|speaks? to|talks? to|looks? at|cheats?|"
    r"leaves?|goes? after|kids?|children|son|daughter|baby|sister|mum|mom|acerca\w*|toca\w*|"
    r"pega\w*|hace dano|hacer dano|llama\w*|amenaza\w*|busca\w*|hijos?|hijas?|ninos?)\b"
)
# "You can't get clean if you're dead", "when you're dead it's too late": the words of a threat
# as the condition of a general statement.
_CONDITION_JUST_BEFORE = re.compile(r"\b(?:if|when|once|unless|until|si|cuando)\s+$")
_TRIVIAL_CONDITION_AFTER = re.compile(rf"^[^.!?]{{0,20}}(?:{_TRIVIAL})")
_TRIVIAL_CONDITION_BEFORE = re.compile(rf"(?:{_TRIVIAL})[^.!?]{{0,60}}$")
_NAME = "crisis_language"
# Abuse told as over: "Three years ago this week I left. … he checked my phone every night."
# A reviewer's look (MEDIUM), not a page, when the sentence or its neighbours say she left or
# it was long ago, and the sentence itself says nothing goes on now ("still", "again", "last
# night", the present tense): "I left him two years ago but he still turns up at my work" and
# "… he turns up at my work" stay HIGH.
_ABUSE_OVER = re.compile(
    r"\b(?:(?:\w+ )?years? ago|since (?:i|we) (?:left|got out|escaped)|(?:i|we) (?:left|got out|"
    r"escaped)\b[^.!?]{0,40}\b(?:years?|months?) ago|back then|when (?:we|i) (?:were|was) "
    r"(?:together|with (?:him|her)|married|kids|little|small|children)|in (?:first|second|third|"
    r"fourth|fifth|sixth|\d+(?:st|nd|rd|th)) grade|in (?:primary|nursery|infant) school|"
    r"hace (?:\w+ )?anos|cuando (?:estabamos|estaba con (?:el|ella)|eramos (?:ninos|ninas|"
    r"pequenos|pequenas|chicos|chicas)))\b"
)
_ABUSE_NOW = re.compile(
    r"\b(?:still|again|now|keeps?|kept on|last night|yesterday|today|tonight|this (?:week|"
    r"morning|evening|weekend)|every (?:day|week|weekend|morning|evening|time)|otra vez|todavia|"
    r"sigue|ahora|anoche|ayer|hoy|"
    # the present tense: "he turns up at my work", "he's found my address"
    r"(?:he|she|they|my ex)(?:'s| (?!was\b)\w+s))\b"
)
_MESSAGES = {
    "suicide_self_harm": "Possible suicide or self-harm risk",
    "abuse_in_progress": "Possible abuse happening now",
    "child_protection": "Possible child-protection concern",
    "threat_to_others": "Possible threat to harm someone",
    "court_order_breach": "Possible breach of a court or protective order",
    "domestic_abuse": "Possible domestic abuse or coercive control",
}


def recovery_context(sentence: str) -> bool:
    """Return True when folded `sentence` tells of the past or recovery, without a relapse."""
    return bool(_RECOVERY.search(sentence)) and not (
        _RELAPSE.search(sentence) or _ONSET.search(sentence)
    )


def _neighbours(t: str, s_start: int, s_end: int) -> tuple[int, int]:
    """Return where the sentence before [s_start, s_end) starts and the one after it ends."""
    prev_start, _ = sentence_bounds(t, max(0, s_start - 1), max(0, s_start - 1))
    _, next_end = sentence_bounds(t, min(len(t), s_end + 1), min(len(t), s_end + 1))
    return prev_start, next_end


def _grade_threat(t: str, start: int, end: int, s_start: int, s_end: int) -> tuple[str, str]:
    """Grade the words of a threat in folded `t`: HIGH unless everyday exaggeration."""
    before = t[s_start:start]
    if _TRIVIAL_CONDITION_AFTER.search(t[end:s_end]) or _TRIVIAL_CONDITION_BEFORE.search(before):
        return "low", " (everyday exaggeration)"
    if _CONDITION_JUST_BEFORE.search(before):
        return "low", " (a condition, not a threat)"
    if _NOT_A_PERSON.search(t[start:end]) or _IDIOM_AFTER.match(t[end:]):
        return "low", " (not a person, or an idiom)"
    _, next_end = _neighbours(t, s_start, s_end)
    if _JOKING.search(t[s_start:next_end]):
        return "medium", " (said as a joke)"
    condition = _REPEAT_CONDITION.search(t[s_start:s_end])
    if condition and not _SERIOUS_CONDITION.search(condition.group(0)):
        return "medium", " (an everyday annoyance)"
    return "high", ""


class CrisisLanguage:
    """Match curated crisis phrases on folded text and soften recovery or meta talk."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return one finding per matched phrase, HIGH unless negated or clearly past/meta."""
        folded = fold(text)
        t = folded.text
        findings: list[Finding] = []
        for rule, m in load_rules("crisis_phrases.txt").matches(t):
            if rule.level == "low":  # protective or benign context, reported for reviewers
                level, note = "low", " (protective or benign context)"
            else:
                level, note = self._grade(t, m.start(), m.end(), rule.category)
                if rule.level == "medium" and level == "high":  # a warning sign, not a plan
                    level = "medium"
            findings.append(
                Finding(
                    detector=_NAME,
                    category=rule.category,
                    level=level,  # type: ignore[arg-type]
                    score=1.0 if level == "high" else 0.3,
                    spans=[folded.to_source(m.start(), m.end())],
                    message=_MESSAGES[rule.category] + note,
                )
            )
        return findings

    @staticmethod
    def _grade(t: str, start: int, end: int, category: str) -> tuple[str, str]:
        s_start, s_end = sentence_bounds(t, start, end)
        before = t[s_start:start]
        # The matched phrase itself may contain a marker ("ya no quiero vivir"): look around it.
        sentence = t[s_start:start] + " … " + t[end:s_end]
        if _NEGATION_BEFORE.search(before[-40:]):
            return "low", " (negated)"
        quoted = _QUOTED_BY_OTHER.search(before[-100:])
        # Suicide talk may be quoted from a few words in ("someone said 'i'm gonna jump off a
        # bridge if i fail'"); a child's words quoted ("she said 'daddy says it's our secret'")
        # are the disclosure itself, so other categories count only a quote opening at the phrase.
        if (
            quoted
            and (category == "suicide_self_harm" or not quoted.group("inside").strip())
            and re.match(r"[^\"']{0,80}[\"']", t[end:])
        ):
            return "low", " (quoting someone else)"
        if category == "threat_to_others":
            return _grade_threat(t, start, end, s_start, s_end)
        if category in ("domestic_abuse", "abuse_in_progress") and not _ABUSE_NOW.search(
            t[s_start:s_end]
        ):
            prev_start, next_end = _neighbours(t, s_start, s_end)
            if _ABUSE_OVER.search(t[prev_start:next_end]):
                return "medium", " (told as over)"
        if category == "suicide_self_harm" and (
            _ASKED_SAID_NO.search(t[s_start:s_end]) or _THIRD_PARTY.search(before[-60:])
        ):
            return "low", " (someone else, or asked and denied)"
        # A relapse in the phrase itself counts too ("relapsed with cutting … 97 days clean").
        if category == "suicide_self_harm" and not _RELAPSE.search(t[s_start:s_end]):
            # Recovery told in one story often spans two sentences: look at the neighbours,
            # not further (in a long post, unrelated recovery talk must not soften a disclosure).
            prev_start, next_end = _neighbours(t, s_start, s_end)
            around = t[prev_start:start] + " … " + t[end:next_end]
            if not _NOW_CLAUSE.search(before) and (
                recovery_context(sentence)
                or _DATED_AFTER.search(t[s_end:next_end])
                or (
                    not _ONSET.search(sentence) and _RECOVERY.search(around) and _NOW.search(around)
                )
            ):
                return "low", " (recovery or past tense)"
            if _META.search(sentence):
                return "low", " (discussion, not disclosure)"
        return "high", ""
