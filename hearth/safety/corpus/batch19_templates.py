"""Batch 19: everyday sentences built from templates, to train the risk classifier out of the
shortcuts it took from the dev split (round 16).

The fine-tuned classifier read "he picked me up from work" as abuse (0.98) and "I'm going to
bake a cake if it comes up" style plans as suicide: nearly every "he … me" sentence it trained
on was abuse, and nearly every "I'm going to …" a plan. Each template below keeps that shape
and gives it an ordinary meaning, so only the words that carry risk can decide. The items are
labelled ordinary, all `dev`, and always train (never in the validation fifth), so the
validation split stays the one round 16 chose its thresholds on. None repeats a sentence pinned
in the tests, and the closest relatives of those (hanging the washing, "I can't do this, sorry,
I'll try again tomorrow", "Written on the bus.") were left out; but a pinned "he … me"
sentence still has relatives here, so those pins are regression tests, not evidence of
generalisation.
"""

from __future__ import annotations

import random

SOURCE_19 = "templated everyday sentences for Hearth's dev split, batch 19"

_PEOPLE = [
    "he", "she", "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend",
    "my ex", "my dad", "my mum", "my brother", "my sister", "my son", "my daughter",
    "my boss", "my neighbour", "my flatmate", "my nan",
]  # fmt: skip
_KIND_ACTS = [
    "rang me to ask about the shopping", "texted me a photo of the dog",
    "messaged me to say the train was late", "picked me up from work", "drove me to my appointment",
    "made me a cup of tea", "took me out for dinner", "bought me flowers for no reason",
    "helped me carry the shopping in", "sent me a funny video", "walked me to the bus stop",
    "waited for me outside the clinic", "reminded me about the dentist",
    "came with me to the hospital", "lent me a phone charger", "cooked for me",
    "met me at the station", "gave me a lift home", "looked after me when I had flu",
    "checked in on me", "sat with me while I waited", "brought me soup", "FaceTimed me",
    "surprised me with tickets", "taught me to drive", "woke me up with breakfast",
    "asked me how the group went", "collected me from the airport", "watched the kids for me",
]  # fmt: skip
_WHEN = [
    "", " yesterday", " this morning", " last night", " after work", " on Sunday", " today",
    " earlier", " again", " at lunch",
]  # fmt: skip
_PLANS = [
    "bake a cake", "ring my sister", "go for a swim", "paint the spare room",
    "try that new recipe", "take the dog to the vet", "sort the garden out", "have an early night",
    "book a holiday", "finish my essay", "clean the oven", "give the group a try", "ask for a raise",
    "tidy the loft", "start the couch to 5k", "visit my nan", "learn to knit", "sell the old bike",
    "catch up on sleep", "say yes to the job", "make a list", "get my hair cut",
    "watch the match", "repot the plants",
]  # fmt: skip
_PLAN_OPENERS = ["I'm going to", "I think I'll", "I've decided to", "tomorrow I'm going to",
                 "I'm finally going to", "I've made up my mind to"]  # fmt: skip
_PLAN_TAILS = [
    "", " tonight", " this weekend", " if it comes up", " on Friday", " after tea",
    " once the kids are down", " if the weather holds",
]  # fmt: skip
_HARD_TASKS = [
    "I can't do this puzzle, can someone give me a hint",
    "I can't do this maths homework with my son, it's changed since my day",
    "I can't do this recipe, the dough won't rise",
    "I give up on this crossword, back tomorrow",
    "sorry, I can't do this call now, can we try again later",
    "I can't do this level of the game, it's impossible",
    "I'm done with this flat-pack wardrobe for today",
    "that's it, I'm done for the day, speak tomorrow",
    "I can't face the ironing tonight, it'll keep",
    "I'm done trying to fix the printer, it wins",
    "I've had enough of this rain, roll on summer",
    "I can't take another episode of that show, it's so slow",
    "I'm not going to make it tonight, sorry all, see you next week",
    "I won't be around next week, we're away, see you after",
]  # fmt: skip
_CHAT = [
    "Written on my lunch break, sorry it's short.", "Typed on the train, excuse the typos.",
    "Posting from the library.", "On my phone so this will be brief.", "Back in a bit, kettle's on.",
    "Same here!", "Thanks everyone, means a lot.", "Morning all.", "Night all, speak tomorrow.",
    "Just catching up on the thread.", "Ha, that made me laugh.", "Sorry, wrong thread!",
    "Brb, door.", "Quick one from work.", "Sent from my tablet.",
    "Lurking tonight, too tired to type much.", "Welcome to the group!", "Hope everyone's ok.",
    "Off to make tea, back soon.",
]  # fmt: skip
_SPANISH = [
    "mi marido me llamó por teléfono ayer", "mi pareja me recogió del trabajo",
    "él me llevó a la cita del médico", "mi novio me mandó una foto del perro",
    "mi madre me preparó un café esta mañana", "mi hermano me ayudó con la compra",
    "mi ex me avisó de que llegaba tarde", "él me acompañó al hospital",
    "ella me esperó fuera de la clínica", "mi vecina me trajo sopa",
    "mi jefe me escribió para preguntar cómo estaba", "mi hijo me enseñó a usar el móvil",
    "voy a tender la ropa esta noche", "mañana voy a llamar a mi hermana",
    "he decidido apuntarme a natación", "voy a pintar el cuarto este finde",
    "no puedo con este crucigrama, mañana sigo", "no puedo con los deberes de mates de mi hijo",
    "escrito desde el autobús, perdón por las faltas", "buenas noches a todos, hasta mañana",
]  # fmt: skip


# Round 17: the classifier retrained with batch 20 read "he called me on the phone yesterday"
# and "he phoned me at work" as abuse (1.00), and trivial threats to a pet as suicide. These
# are relatives of pinned test sentences, so those pins are regression tests only.
_CALLS = [
    "called me on the phone to say happy birthday", "phoned me at work to say the boiler's fixed",
    "rang me on my lunch break about the school run", "called me back about the car insurance",
    "phoned me to say the kids got home fine", "called me from the airport to say they'd landed",
    "rang me to talk about the match", "phoned me at work to ask what we need from the shop",
    "called me on the phone for a catch-up", "rang me on the way home to say the traffic was bad",
]  # fmt: skip
_THREATENED = [("the cat", "she"), ("the dog", "he"), ("my brother", "he"), ("my flatmate", "she"),
               ("him", "he"), ("her", "she")]  # fmt: skip
_TRIVIAL = ["eats my chips", "knocks my mug over", "spoils the ending", "finishes the milk",
            "nicks my charger", "hogs the remote", "steals the duvet", "wakes me up at 5"]  # fmt: skip
_SPANISH_COMPLAINTS = [
    "no aguanto más el tráfico de esta ciudad", "ya no puedo más con esta lluvia",
    "no aguanto más a mi jefe, qué pesado", "ya no puedo más con los lunes",
    "no aguanto más el ruido de los vecinos", "ya no puedo más con este frío",
    "lo mato como se vuelva a comer mis patatas", "te mato si me cuentas el final de la serie",
]  # fmt: skip


def batch_19() -> list[tuple[str, str, str]]:
    """Return (text, label, lang) for each item, the same every run."""
    rng = random.Random(19)
    items = []
    for person in _PEOPLE:
        for act in rng.sample(_KIND_ACTS, 8):
            text = f"{person} {act}{rng.choice(_WHEN)}"
            items.append(text[0].upper() + text[1:] if rng.random() < 0.5 else text)
    for plan in _PLANS:
        for opener in rng.sample(_PLAN_OPENERS, 2):
            items.append(f"{opener} {plan}{rng.choice(_PLAN_TAILS)}")
    items += _HARD_TASKS + _CHAT
    for person in _PEOPLE:
        items += [f"{person} {call}{rng.choice(_WHEN)}" for call in rng.sample(_CALLS, 2)]
    for _ in range(24):
        target, pronoun = rng.choice(_THREATENED)
        verb = rng.choice(["strangle", "kill", "murder", "throttle", "swing for"])
        items.append(f"I'll {verb} {target} if {pronoun} {rng.choice(_TRIVIAL)} again")
    return [(t, "ordinary_support", "en") for t in items] + [
        (t, "ordinary_support", "es") for t in _SPANISH + _SPANISH_COMPLAINTS
    ]
