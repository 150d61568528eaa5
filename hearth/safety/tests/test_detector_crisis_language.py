import pytest

from hearth.lib.text import fold
from hearth.safety.detectors.crisis_language import CrisisLanguage, recovery_context
from hearth.safety.types import AssessContext

D = CrisisLanguage()


def levels(text):
    return {(f.category, f.level) for f in D.detect(text, AssessContext())}


def strongest_suicide_level(text):
    """The strongest suicide and self-harm level the rules give `text`, or None."""
    found = {lv for category, lv in levels(text) if category == "suicide_self_harm"}
    return max(found, key=["low", "medium", "high"].index, default=None)


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "I bought a rope today",
        "this is my last message, goodbye everyone",
        "everyone would be better off without me",
        "I've saved up my pills, tonight is the night",
        "I want to k i l l myself",
        "I want to k1ll mys3lf",
    ],
)
def test_crisis_language_flags_english_suicide_phrases_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text", ["quiero morir", "me quiero matar", "Ya no quiero vivir", "voy a acabar con mi vida"]
)
def test_crisis_language_flags_spanish_intent_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


def test_crisis_language_flags_abuse_in_progress_as_high():
    assert ("abuse_in_progress", "high") in levels("he is hitting me right now")


def test_crisis_language_flags_threat_to_others_as_high():
    assert ("threat_to_others", "high") in levels("I'm going to kill him")


def test_crisis_language_flags_court_order_breach_as_high():
    found = levels("my ex breached the restraining order and came to my house")
    assert ("court_order_breach", "high") in found


def test_crisis_language_flags_child_protection_concern_as_high():
    assert ("child_protection", "high") in levels("my stepdad has been touching my daughter")


@pytest.mark.parametrize(
    "text",
    [
        "I used to feel suicidal but I'm better now",
        "I would never hurt myself",
        "no quiero morir",
        "antes tenía ideas suicidas, ahora estoy mejor",
    ],
)
def test_crisis_language_softens_recovery_and_negation_to_low(text):
    assert all(level != "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "past",
    [
        "i used to self-harm",
        "he used to hit me",
        "i no longer self-harm",
        "ya no me corto, llevo dos anos",
        "he regalado la ropa que ya no me queda",
        # "Hace tres años" is "three years ago", with or without the act right after it.
        "hace tres anos, en junio, intente quitarme la vida",
    ],
)
def test_recovery_context_reads_what_has_stopped_as_the_past(past):
    assert recovery_context(past)


@pytest.mark.parametrize(
    "present",
    [
        # What stopped is the wish to live, not the risk (round 17: these softened the
        # classifier's HIGH to MEDIUM).
        "easier if they get used to me not being around",
        "i no longer want to be here",
        "ya no quiero vivir",
        "yo ya no voy a estar para cuidarla",
        "aqui ya no me queda nada",
        "ya no tengo ganas de seguir",
        # "Hace dos meses que …" is how long it has gone on, not when it ended.
        "hace dos meses que pienso en quitarme la vida",
    ],
)
def test_recovery_context_does_not_read_a_lost_wish_to_live_as_recovery(present):
    assert not recovery_context(present)


@pytest.mark.parametrize(
    "text",
    [
        "I cut my hair",
        "this traffic is killing me",
        "we talked about suicide prevention",
        "me corté el pelo",
        "I could kill for a coffee",
    ],
)
def test_crisis_language_ignores_hard_negatives(text):
    assert levels(text) == set()


def test_a_threat_s_words_as_the_condition_of_a_general_statement_are_not_a_threat():
    assert ("threat_to_others", "high") not in levels("You can't get clean if you're dead.")
    assert ("threat_to_others", "high") in levels("Come near my kids again and you're dead.")
    assert ("threat_to_others", "high") in levels("If you come near my kids you're dead.")


def test_crisis_language_spans_point_into_original_text():
    text = "Honestly I want to K I L L myself"
    (f,) = [f for f in D.detect(text, AssessContext()) if f.level == "high"]
    s, e = f.spans[0]
    assert text[s:e] == "K I L L myself"


# --- indirect and preparatory ideation, abuse and threats (round 3): true positives and the
# near-misses that share their words, in English and Spanish. Sentences differ from the corpus.
@pytest.mark.parametrize(
    "text",
    [
        "I doubt I'll be around for my birthday next month",
        "I keep reading about the most painless way to go",
        "I just want to make it all stop forever",
        "the only way out is to not be here",
        "honestly I don't see the point in waking up",
        "I'm going to end it, I can't do this",
        "I've made up my mind and I'm going to go through with it",
        "I'll do it when the house is empty on Saturday",
        "I'm going to swallow all my tablets after work",
        "I've been going to the edge of the bridge every evening",
        "I went to the railway and stood there deciding",
        "I keep picturing my own funeral",
        "I'm getting my affairs in order this week",
        "I wrote down my bank passwords so it's easy for them when I'm gone",
        "can you take my dog for good, I won't be able to look after her",
        "I've said my goodbyes",
        "I carved into my thigh with a blade to feel something",
        "I'd be doing everyone a favour by disappearing",
    ],
)
def test_crisis_language_flags_indirect_english_ideation_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "we've picked the date for the wedding, it's in June",
        "I'm going to end things with him, he's been lying to me",
        "I'm going to end it with my boyfriend tonight",
        "I've decided to do it: I'm signing up for the marathon",
        "the quickest way to get to the clinic is the number 12 bus",
        "we're putting our affairs in order before the surgery",
        "I've said my goodbyes to grandma at the hospice",
        "I cut my arm on broken glass when I fell",
        "I went to the bridge to take photos of the sunset",
    ],
)
def test_crisis_language_leaves_english_near_misses_below_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "no veo salida a nada de lo que me pasa",
        "solo quiero desaparecer",
        "mi familia estaría mejor sin mí",
        "ojalá no despertarme nunca",
        "les escribí cartas de despedida a mis hijos",
        "pienso en tirarme del puente",
        "me he vuelto a cortar",
        "estoy regalando mis cosas",
    ],
)
def test_crisis_language_flags_indirect_spanish_ideation_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "no veo salida a este problema del trabajo",
        "quiero desaparecer un rato de la oficina",
        "he regalado la ropa que ya no me queda",
        "me he cortado el dedo pelando patatas",
        "me muero de ganas de veros",
    ],
)
def test_crisis_language_leaves_spanish_near_misses_below_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my boyfriend slammed me against the car door", "abuse_in_progress"),
        ("he had me by the throat in the kitchen", "abuse_in_progress"),
        ("he squeezed my neck until I blacked out", "abuse_in_progress"),
        ("my wife spends all my wages and hides the bank cards", "domestic_abuse"),
        ("I'm not allowed to see my sister any more", "domestic_abuse"),
        ("he put a tracker on my car", "domestic_abuse"),
        ("my ex has been waiting outside my flat every night", "domestic_abuse"),
        ("he's been following me home from work", "domestic_abuse"),
        ("he said if I ever tell anyone he'll kill me", "domestic_abuse"),
        ("I'm terrified to go home because he's drunk again", "domestic_abuse"),
        ("my coach touches me and says it's our secret", "child_protection"),
        ("he hits the baby when she cries", "child_protection"),
        ("I'm going to bring a gun to that office", "threat_to_others"),
        ("I keep fantasising about strangling him", "threat_to_others"),
        ("I'll set fire to his house", "threat_to_others"),
        ("me amenazó con matarme", "abuse_in_progress"),
        ("me da miedo volver a casa", "abuse_in_progress"),
        ("me cogió del cuello", "abuse_in_progress"),
        ("me empujó contra la pared", "abuse_in_progress"),
        ("se queda con todo mi sueldo", "domestic_abuse"),
        ("no me deja trabajar", "domestic_abuse"),
        ("me persigue a todas partes", "domestic_abuse"),
        ("el novio de mi madre me toca", "child_protection"),
        ("como vuelva a tocarla lo mato", "threat_to_others"),
        ("le voy a dar una paliza", "threat_to_others"),
    ],
)
def test_crisis_language_flags_abuse_and_threats_in_both_languages(text, category):
    assert (category, "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "my toddler threw a ball at me and laughed",
        "he tracked the parcel for me",
        "my partner takes the money to the bank for me because I can't walk far",
        "my brother pushes me around in my wheelchair at the park",
        "I'm not allowed to see my friends until my exams are over, mum says",
        "our cat follows me everywhere",
        "he was touching me on the shoulder to get my attention",
        "I'll bring my gun licence to the appointment",
        "me muero de risa",
        "mi hijo me tiró la pelota jugando",
        "me mato a trabajar",
    ],
)
def test_crisis_language_leaves_abuse_near_misses_below_high(text):
    assert not any(level == "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "my friend said 'I want to die' when she spilled coffee on her laptop",
        "my nurse asked whether I'd had thoughts of suicide and I said no",
        "the training covered what to do if someone tells you they want to kill themselves",
        "if a friend says they are thinking of suicide, listen",
    ],
)
def test_crisis_language_softens_quotes_denials_and_third_person_talk(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I told my therapist 'I want to die' and she listened",
        "my nurse asked how I was and I said I want to die",
        "I'm thinking about suicide again",
    ],
)
def test_crisis_language_keeps_first_person_disclosures_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("all my tablets are in one box now, I counted them", "suicide_self_harm"),
        ("every night I pray my heart just stops in my sleep", "suicide_self_harm"),
        ("I keep thinking about how I would do it", "suicide_self_harm"),
        ("I feel calm now, it will all be over soon", "suicide_self_harm"),
        ("I sat with the engine running in the closed garage", "suicide_self_harm"),
        ("I'm done with living", "suicide_self_harm"),
        ("tengo escondidas las pastillas", "suicide_self_harm"),
        ("solo puedo pensar en acabar con todo", "suicide_self_harm"),
        ("my husband threw a glass at my face", "domestic_abuse"),
        ("she pushed me against the wall", "domestic_abuse"),
        ("there was an airtag in my bag after I left him", "domestic_abuse"),
        ("me manda fotos de mi ventana de noche", "domestic_abuse"),
        ("I'll track down whoever did it and make him pay", "threat_to_others"),
    ],
)
def test_crisis_language_round_4_phrasings_are_high(text, category):
    assert (category, "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "the surgery is tomorrow and it'll all be over soon, I'm nervous",
        "my pills are in a weekly box so I don't forget them",
        "I'm done with work for the week",
        "my son threw a ball at my head by accident",
        "I pushed the trolley down the aisle",
        "I put an airtag in my bag in case I lose it",
        "hay que acabar con todo este papeleo",
    ],
)
def test_crisis_language_round_4_near_misses_stay_below_high(text):
    assert not any(level == "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "last night alive",
        "my final day alive",
        "so tired of living",
        "sick of being alive",
        "mi ultima noche con vida",
        "estoy cansada de vivir",
    ],
)
def test_crisis_language_flags_short_standalone_finality_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "last night I felt alive again at the concert",
        "the last day of the holiday was lovely",
        "tired of living in this damp flat",
        "I am tired of waiting for the bus",
        "la ultima noche del viaje fue preciosa",
    ],
)
def test_crisis_language_leaves_standalone_near_misses_below_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to be with my mum again, she died last year and I want to join her",
        "I'm dying to be with my mum again, wherever she is",
        "I just want to see my husband in heaven",
        "since my brother passed away all I want to do is join him",
        "quiero reunirme con mi madre en el cielo",
        "desde que murio solo quiero irme con el",
    ],
)
def test_crisis_language_flags_wanting_to_join_someone_who_died_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to see my mum again next week",
        "dying to see my sister again at Christmas",
        "she passed her driving test and I want to join her on a road trip",
        "since my gran died I want to be with family more",
        "I want to join her for lunch on Friday",
        "quiero estar con ella el fin de semana",
    ],
)
def test_crisis_language_leaves_ordinary_wishes_to_see_someone_below_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I couldn't bear her being alone in the flat when they find me", "suicide_self_harm"),
        ("whoever finds me, I'm sorry", "suicide_self_harm"),
        ("I want the dog to go to my sister after I'm gone", "suicide_self_harm"),
        ("this is the last time I'll post here, look after each other", "suicide_self_harm"),
        ("this will be the last time you'll hear from me", "suicide_self_harm"),
        ("nobody needs to worry about me after tonight", "suicide_self_harm"),
        ("I've written the note. It's in my bedside drawer.", "suicide_self_harm"),
        ("I have enough of my mum's morphine put aside", "suicide_self_harm"),
        ("I stared at the pills for an hour, one day I won't put them back", "suicide_self_harm"),
        ("how long does it take to bleed out", "suicide_self_harm"),
        ("if I died in my sleep tonight it would be a relief", "suicide_self_harm"),
        ("if I crashed the car it wouldn't be the worst thing", "suicide_self_harm"),
        ("I just want to stop existing, for good", "suicide_self_harm"),
        ("ya escribi las cartas para mis hijos", "suicide_self_harm"),
        ("he checks the mileage every night to see where I've been", "domestic_abuse"),
        ("she takes my whole wage and gives me twenty pounds a week", "domestic_abuse"),
        ("my husband spat in my face", "domestic_abuse"),
        ("I've got her address now. She won't see me coming.", "threat_to_others"),
    ],
)
def test_crisis_language_round_5_phrasings_are_high(text, category):
    assert (category, "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'll text you when they find me a new flat",
        "my cat always hides and then I laugh when she finds me",
        "when I'm gone on holiday my sister will feed the cat",
        "who will water the plants when I'm gone for the weekend",
        "this is the last time I'll post here before my holiday, see you in two weeks",
        "this is the last time I'll post about my ex, I promise",
        "I've written the note to the school, it's in her book bag",
        "I have enough of my mum's morphine for the weekend, the nurse comes Monday",
        "I googled how long it takes to die from pancreatic cancer, mum is so poorly",
        "how long does it take to drown a phone in rice to dry it",
        "if I crashed the car my insurance would go up",
        "I finally stopped being a people pleaser, for good this time",
        "ya escribi las cartas para mi familia por navidad",
        "my husband checks the mileage on the car before long trips",
        "my wife takes my whole wage and puts it in the joint account",
        "the baby spat on me again, third outfit today",
        "I've got his address now so I can send the wedding invite",
        "my opponent won't see me coming in the chess final",
    ],
)
def test_crisis_language_round_5_near_misses_stay_below_high(text):
    assert not any(level == "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "I'll kill him if he eats my chips again",
        "I'm going to kill my sister if she borrows my jumper again",
        "I'll kill her if she spoils the ending",
        # The grievance first (batch 17).
        "If my cat knocks ONE more thing off the kitchen counter I swear I will murder him.",
    ],
)
def test_crisis_language_reads_threats_over_trivial_grievances_as_exaggeration(text):
    assert levels(text) == {("threat_to_others", "low")}


@pytest.mark.parametrize(
    "text",
    [
        "if he touches my kids again I will kill him",
        "I'm going to kill him if he comes near me again",
        "I'll kill him if he takes my kids",
        "If he comes near me again I will kill him.",
    ],
)
def test_crisis_language_keeps_threats_over_people_high(text):
    assert ("threat_to_others", "high") in levels(text)


def test_crisis_language_reads_rather_die_than_go_on_as_high():
    assert ("suicide_self_harm", "high") in levels("I'd rather die than live like this")
    assert ("suicide_self_harm", "high") in levels(
        "I'd rather be dead than spend another year like this"
    )


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("mi marido me dio una bofetada delante de mis hijos", "abuse_in_progress"),
        ("me pegó con el cinturón porque llegué tarde", "abuse_in_progress"),
        ("mi novio me agarró del pelo y me arrastró por el pasillo", "abuse_in_progress"),
        ("me tiró un vaso a la cabeza", "abuse_in_progress"),
        ("me encierra en casa cuando se va a trabajar", "abuse_in_progress"),
        ("me obligó a tener relaciones cuando le dije que no", "domestic_abuse"),
        ("me rompió el móvil para que no pudiera llamar a nadie", "domestic_abuse"),
        ("mi padrastro entra en mi cuarto por la noche", "child_protection"),
        ("estoy pensando en tomarme todas las pastillas", "suicide_self_harm"),
        ("esta noche me voy a tomar todas las pastillas", "suicide_self_harm"),
        ("he escrito una carta de despedida para mis hijos", "suicide_self_harm"),
        ("nadie me echaría de menos si desapareciera", "suicide_self_harm"),
        ("he comprado una cuerda", "suicide_self_harm"),
        ("mi pareja me insulta y me dice que nadie me va a creer", "domestic_abuse"),
        ("voy a ir a su casa y le voy a partir la cara", "threat_to_others"),
    ],
)
def test_crisis_language_reads_plain_spanish_disclosures_as_high(text, category):
    assert (category, "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "mi hija me tiró del pelo jugando, tiene dos años",
        "mi ex me espera a la salida del colegio para recoger a los niños",
        "he comprado una cuerda para tender la ropa",
        "me tomo todas las pastillas de la tensión por la mañana",
        "me tomé todas las pastillas del día, ya estoy",
        "esta camiseta me pega con el pantalón",
        "hoy me pega el sol en la cara en la terraza",
        "me tiró un beso desde el coche",
        "nadie me echaría de menos en la oficina si me cojo vacaciones",
        "me voy a partir de risa",
    ],
)
def test_crisis_language_leaves_everyday_spanish_below_high(text):
    assert not any(level == "high" for _, level in levels(text))


@pytest.mark.parametrize(
    ("benign", "risky"),
    [
        # Time since the act itself, not since anything.
        (
            "Today is five years since the night I tried to end my life.",
            "It's been two years since my husband died and I want to end my life",
        ),
        ("Hace seis años intenté quitarme la vida.", "hace dos años que quiero quitarme la vida"),
        (
            "Hoy se cumplen tres años desde que intenté quitarme la vida.",
            "Hace dos años desde que murió mi padre y quiero quitarme la vida.",
        ),
        # Something that began lately is not the past, whatever the neighbours say.
        (
            "I used to want to kill myself. I'm doing better now.",
            "I survived all that for nothing. I've started having thoughts of killing myself. "
            "It frightens me how normal they feel now.",
        ),
        (
            "This week we started a suicide prevention course at work.",
            "This week I started thinking about suicide.",
        ),
        # "Thinking of dying" in Spanish, beside the idioms that share its words.
        ("Pienso en morirme de risa con este vídeo.", "Ahora pienso en morirme."),
        ("Pienso en tirarme a la piscina este verano.", "He pensado en tirarme del puente."),
        # A question put to someone else, as practised on a course.
        (
            'We practised asking "are you thinking about suicide?" directly.',
            "I'm thinking about suicide",
        ),
        # A last post for a while.
        (
            "This is my last post for a while, not because anything's wrong.",
            "This is my last post.",
        ),
        # Rope for the garden.
        (
            "Me compré cuerda para el huerto, para las tomateras.",
            "compré cuerda. esta noche lo hago",
        ),
    ],
)
def test_crisis_language_reads_past_asked_and_temporary_talk_below_high(benign, risky):
    assert ("suicide_self_harm", "high") not in levels(benign)
    assert ("suicide_self_harm", "high") in levels(risky)


@pytest.mark.parametrize(
    "text",
    [
        "I took 12 of my sleeping tablets about an hour ago. I feel really calm.",
        "just swallowed a handful of pills, sorry everyone",
        "I've taken about 30 paracetamol",
        "i took the whole box of paracetamol",
        "I've just taken twenty of mum's sleeping pills",
        "Me tomé 20 pastillas hace una hora",
        "me he tomado un puñado de pastillas",
        "ya tragué toda la caja de pastillas",
    ],
)
def test_crisis_language_flags_an_overdose_already_taken_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I took 2 paracetamol for my headache",
        "I've taken 28 tablets this month, all as prescribed",
        "I took 20 mg tablets this morning",
        "took 14 tablets over the fortnight like the doctor said",
        "Took too many tablets by mistake, rang 111 and they said I'm fine",
        "Me tomé 2 pastillas para el dolor de cabeza",
        "me tomé 30 pastillas este mes como me dijo el médico",
        "I've never taken 20 pills at once, don't worry",
    ],
)
def test_crisis_language_leaves_doses_counted_over_days_or_by_mistake_below_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm ready to die now",
        "I am finally ready to die",
        "ready to die",  # a display name, read with its words apart
        "wanna die tbh",
        "I've got nothing left to live for",
    ],
)
def test_crisis_language_reads_readiness_to_die_as_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "she was ready to die, she'd had a good long life",
        "I'm ready to die for my kids if it came to it",
        "ready to die of boredom in this meeting",
        "I'm not ready to die",
        "Hi all, want to die of laughter at that video",
        "want to die of embarrassment lol",
    ],
)
def test_crisis_language_leaves_readiness_said_of_others_or_idioms_below_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


def test_crisis_language_reads_feeling_a_burden_as_a_warning_sign_not_a_plan():
    assert levels("I feel like a burden to everyone") == {("suicide_self_harm", "medium")}
    # Negated, it is LOW like any rule.
    assert levels("I don't feel like a burden to everyone anymore") <= {
        ("suicide_self_harm", "low")
    }


@pytest.mark.parametrize(
    "text",
    [
        "I've been stockpiling my sleeping tablets",
        "I've been hoarding my oxy",
        "saved up two months of my antidepressants",
        "I've saved three months' worth of my tramadol",
        "I've been putting some of my tablets aside",
        "I have enough pills",
        "I got some pills for tonight",
        "I have the pills next to my bed",
        "I got all my tablets out and lined them up on the desk",
        "he empezado a guardar el tramadol. sé perfectamente para qué.",
        "ya junté las pastillas y las tengo guardadas",
        "tengo las pastillas escondidas en el armario",
        "las estoy juntando",
        "hace meses que voy guardando las pastillas que me da el psiquiatra",
    ],
)
def test_medicine_saved_hoarded_or_set_out_is_high(text):
    # Round 19: stockpiling medication is a recognised warning sign, in many words.
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I have my pills with me",
        "got my tablets from the pharmacy today",
        "I bought paracetamol today",
        "I have enough pills to last the month",
        "stockpiling my meds for the holiday",
        "I keep a stash of painkillers in my bag for bad days",
        "I keep my tablets hidden from the grandkids",
        "tengo las pastillas de la tensión",
        "compré pastillas para la tos",
        "guardando las pastillas en el botiquín",
    ],
)
def test_everyday_talk_of_one_s_medicine_is_not_high(text):
    # Before round 19 "have", "got" and "tengo" with pills were HIGH on their own.
    assert ("suicide_self_harm", "high") not in levels(text)


def test_a_tracker_found_on_a_child_s_things_is_abuse_and_one_put_on_a_suitcase_is_not():
    # Round 19: the tracker rule read only "on my car/bag/coat".
    found = "found an airtag sewn into the lining of my sons backpack after his weekend at his dads"
    assert ("domestic_abuse", "high") in levels(found)
    assert ("domestic_abuse", "high") in levels("found a gps tracker taped under my car")
    assert not levels("I put an airtag in my suitcase for the flight")


@pytest.mark.parametrize(
    "text",
    [
        "unalive thoughts are back and they're loud today",
        "i wanna kms",
        "The voices tell me to jump and today I'm finding it hard to say no.",
        "I've crushed up all my tablets and mixed them in a drink",
    ],
)
def test_slang_command_voices_and_crushed_tablets_are_high(text):
    # Round 20: read by nothing before, neither rule nor classifier.
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "the villain unalived the hero in episode 3",
        "I crush my tablet into yogurt because I can't swallow it",
        "I used to have thoughts of unaliving myself but I'm better now",
    ],
)
def test_slang_about_others_a_crushed_dose_and_past_talk_are_not_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Still missing Dad terribly. Maybe it's time I went to join him.", "suicide_self_harm"),
        ("Soy un estorbo para mi familia, lo mejor es quitarme de en medio.", "suicide_self_harm"),
        ("I'm the problem in this family. Sorting that out this weekend.", "suicide_self_harm"),
        ("I keep picturing wading into the river and never coming back.", "suicide_self_harm"),
        (
            "Sat at the cliff top for an hour trying to find the nerve to drive off.",
            "suicide_self_harm",
        ),
        ("The kids would be better off with the life insurance, honestly.", "suicide_self_harm"),
        ("Solo me queda una salida y ya lo decidí.", "suicide_self_harm"),
        ("My husband pressed my hand onto the hob because I burnt the tea.", "abuse_in_progress"),
        ("Mi padrastro me quema con cigarros cuando se enfada.", "abuse_in_progress"),
        ("El viernes la espero en la salida del gimnasio y la atropello.", "threat_to_others"),
        ("Bought petrol today. When they're both asleep, that's it.", "threat_to_others"),
    ],
)
def test_round_21_phrasings_are_high(text, category):
    # Round 21: read by no rule before (the validation model read their like as nothing).
    assert (category, "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I miss my sister so much since she moved to Perth. Time I went and joined her.",
        "Missing my husband while he's away at the conference, time I went and joined him.",
        "Voy a quitarme de en medio para que podáis hablar tranquilas.",
        "my mate is the reason the band split, he's fixing that this weekend",
        "the kids love walking into the sea and never looking back at me",
        "got the petrol for the mower, next time he's in I'll ask him to do the lawn",
    ],
)
def test_round_21_everyday_lookalikes_are_not_high(text):
    assert all(level != "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "Four years ago I left. Back then he checked my phone every night.",
        "He choked me when we were married. I have nightmares but I'm safe now.",
        # round 22: a childhood told as a story
        "In second grade my brother pushed me off the climbing frame and I broke my wrist.",
        "Cuando éramos niños mi hermano me pegaba por cualquier cosa.",
    ],
)
def test_abuse_told_as_over_is_a_reviewer_s_look_not_a_page(text):
    assert {level for _, level in levels(text)} == {"medium"}


@pytest.mark.parametrize(
    "text",
    [
        "I left him two years ago but he keeps turning up at my work.",
        "I left two years ago. He's found my new address.",
        "Years ago he used to hit me. Last night he hit me again.",
        "When we were together he hit me, and he hits me now when he drops the kids off.",
    ],
)
def test_abuse_that_goes_on_after_leaving_stays_high(text):
    assert any(level == "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "hang on a minute, I'll check with the solicitor",
        "Hang on in there, the first month is the hardest.",
        "Stockpiling my inhalers before we fly out to see my sister.",
        "Tengo cuerda nueva para la escalada del domingo.",
        "Le escribí una carta de despedida a mis compañeros de la oficina.",
        "Esa canción me pega distinto desde que murió mi abuela.",
        "This is my last message here, not in a bad way, I'm moving to Leeds!",
        "Bought a rope and a groundsheet for camping with the kids.",
        "ya no puedo más con los deberes de mates, socorro",
        "no aguanto más a mi cuñado, qué pesado es",
    ],
)
def test_round_22_everyday_words_are_not_high(text):
    assert all(level != "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "I can't hang on much longer, I'm so tired of all of it.",
        "I'm going to hang myself tonight.",
        "I've been stockpiling my tablets for when I'm ready.",
        "Tengo una cuerda en el armario. Ya está decidido.",
        "Ya escribí las cartas de despedida para mis hijos.",
        "ya no puedo más con esta vida",
        "Mi novio me pega cuando bebe.",
    ],
)
def test_round_22_risk_beside_those_words_stays_high(text):
    assert any(level == "high" for _, level in levels(text))


@pytest.mark.parametrize(
    "text",
    [
        "Three years ago this week I tried to end my life. Today I ran my first 10k.",
        "Hace cuatro años pensé en quitarme la vida. Hoy estoy bien y trabajo de enfermera.",
        "Back in the 90s I tried to kill myself. I had good help and that was decades ago.",
        "a year clean from self harm today!!",
        "my cousin said 'i'm going to jump off a bridge if they cancel the show' and laughed",
        "Escuchando 'no puedo vivir sin ti' en la radio, qué canción tan cursi",
    ],
)
def test_round_22_past_quoted_and_sung_suicide_talk_is_not_high(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "A year ago I lost the baby and now I think about ending my life every day.",
        "Hace un año me dejó y ahora pienso en quitarme la vida.",
        "Relapsed with cutting tonight, 200 days clean gone.",
        "Years ago I tried to kill myself and I'm thinking about it again.",
    ],
)
def test_round_22_risk_after_the_past_stays_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I'll kill my sister if she borrows the car without asking again", "medium"),
        ("I'll murder him if he hogs the bathroom one more time", "medium"),
        ("te mato como se vuelva a terminar el café", "medium"),
        ("I'm going to kill her lol she spoiled the ending", "medium"),
        ("Te voy a matar jajaja, ¿cómo que no vienes?", "medium"),
        ("I'll strangle the laptop, it's crashed three times", "low"),
        ("La voy a matar de un susto cuando vea la sorpresa", "low"),
    ],
)
def test_round_22_threat_words_said_in_jest_are_not_a_page(text, level):
    assert ("threat_to_others", level) in levels(text)
    assert ("threat_to_others", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'll kill him if he comes near my kids again",
        "If he turns up at the house one more time I'll stab him.",
        "como se vuelva a acercar a mi hija lo mato",
        "I'm going to kill him, he took the kids again",
        "I'll kill her if she calls me one more time",
    ],
)
def test_round_22_threats_about_safety_stay_high(text):
    assert ("threat_to_others", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Most nights I hope I just won't wake up.",
        "I wish I could go to sleep and never wake up",
        "Dear God, please take me, I can't do another winter.",
        "I keep asking God to take me.",
        "If I'm honest I won't be around to look after my dog, can someone have her?",
        "Been keeping my tablets in a drawer instead of taking them, I know what they're for.",
        "ya no quiero despertar, estoy muy cansada",
        "quisiera dormirme y no despertar nunca",
        "Le pido a Dios que me lleve esta noche.",
        "Ya no voy a estar para cuidarlos, por eso os los dejo.",
    ],
)
def test_round_22_wishes_not_to_wake_and_prayers_to_be_taken_are_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I hope I don't wake up the baby when I come in late",
        "I want to sleep and not wake up until the holidays",
        "God please take me back to Lisbon, best holiday ever",
        "I won't be around to look after her next week, I'm on a course",
        "no quiero despertar temprano mañana, es domingo",
        "quiero dormir y no despertar hasta el lunes",
        "Ya no voy a estar aquí los martes, me cambiaron el turno.",
    ],
)
def test_round_22_sleep_prayer_and_absence_everyday_talk_is_not_high(text):
    assert all(level != "high" for _, level in levels(text))


# Round 23: fresh probes of everyday ideation and abuse, and the long posts of batch 25's studied
# writers (docs/safeguarding.md, round 23).
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Nobody would really miss me.", "suicide_self_harm"),
        ("Honestly no one would miss me if I died.", "suicide_self_harm"),
        ("nobody's gonna miss me when I'm gone", "suicide_self_harm"),
        ("Nadie me extrañaría si me fuera.", "suicide_self_harm"),
        ("nadie me va a extrañar, ya lo sé", "suicide_self_harm"),
        ("How many paracetamol would it take, asking for real.", "suicide_self_harm"),
        ("How many of my sleeping pills would it take to not wake up?", "suicide_self_harm"),
        ("¿Cuántas pastillas hacen falta para no despertar?", "suicide_self_harm"),
        ("Please tell my mum I'm sorry.", "suicide_self_harm"),
        ("Tell my kids I'm sorry for everything.", "suicide_self_harm"),
        ("This will be my last post here. Thank you all for everything.", "suicide_self_harm"),
        ("Quiero dormir para siempre.", "suicide_self_harm"),
        ("No me veo llegando a los 30.", "suicide_self_harm"),
        (
            "Mi pareja, que no es el padre de mi hijo, le pega al niño cuando yo no estoy.",
            "domestic_abuse",
        ),
        ("Le pega con el cinturón cuando se porta mal.", "domestic_abuse"),
        (
            'Me dejó una nota: "si no eres mía no vas a ser de nadie, piénsalo bien".',
            "domestic_abuse",
        ),
        ("He texted me: if I can't have you, no one can.", "domestic_abuse"),
        (
            "Tengo una barra de hierro en el maletero de la furgoneta desde el lunes.",
            "threat_to_others",
        ),
        ("I've got a bat in the boot since Monday for when he comes out.", "threat_to_others"),
        (
            "For about six weeks I've been keeping back tablets from every repeat.",
            "suicide_self_harm",
        ),
        (
            "I stand near the edge of the platform and I think about it. Just one step.",
            "suicide_self_harm",
        ),
        ("No quiero pasar otro invierno así.", "suicide_self_harm"),
        ("La gente que me quiere estaría mejor sin tener que cargar conmigo.", "suicide_self_harm"),
        (
            "I wrote letters to both my kids last night, sealed them, they're in the glovebox.",
            "suicide_self_harm",
        ),
        ("i've got the blade out of a pencil sharpener in my room.", "suicide_self_harm"),
        ("i'm thinking about doing it deeper than before.", "suicide_self_harm"),
        (
            "I keep thinking about which day, and the school being closed on the 27th.",
            "suicide_self_harm",
        ),
        ("I started writing a note. Like, the note.", "suicide_self_harm"),
        ("Le voy a hacer lo mismo que le hizo a mi hermano o peor.", "threat_to_others"),
        (
            "Sé a qué hora sale para el laburo. La próxima semana lo voy a esperar.",
            "threat_to_others",
        ),
        ("Discutimos por el cumpleaños y me empujó contra la mesada.", "domestic_abuse"),
    ],
)
def test_round_23_risk_is_high(text, category):
    assert (category, "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody would miss me at the party anyway, I'll stay in.",
        "No one would even miss me if I skipped the meeting.",
        "Nobody will miss me for a week, the team has it covered.",
        "Nadie me extrañaría en la reunión, no pasa nada si falto.",
        "How many paracetamol would it take to get rid of this migraine?",
        "How much ibuprofen does it take to kick in for a period pain?",
        "Tell my mum I'm sorry I missed her call, my phone died.",
        "Tell everyone I'm sorry, I'll be ten minutes late.",
        "This will be my last post here, I'm doing well and moving on. Thank you all!",
        "This is my last post for tonight, thank you for everything today.",
        "This is my last post of the day, night all!",
        "No me veo llegando a los 30 en este trabajo.",
        "How many painkillers would it take before I can sleep through this flare?",
        "Nadie me extrañaría si dejo el coro, y eso me duele un poco.",
        "Honestly nobody would miss me on the group chat, they never reply anyway.",
        "Bought a big reel of garden rope, enough rope to hang washing from here to Chesterfield.",
        "I wrote letters to my kids for their 18th birthdays and sealed them in the drawer.",
        "I keep thinking about which day to book the dentist.",
        "Two years today since I tried to end my life. Today I'm 31 and I love my job.",
        "Ten years ago this week I was in hospital. I'd tried to end my life after a night out.",
        "She said there'd been a couple of nights where she'd thought about not being here.",
        "In the role play the gym teacher asked me straight out if I was thinking of killing myself.",
        "We stood at the edge of the cliff and watched the gulls.",
    ],
)
def test_round_23_everyday_look_alikes_are_not_suicide_risk(text):
    assert ("suicide_self_harm", "high") not in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mi hijo le pega a su hermana cuando juegan, qué cansancio.",
        "I've got a bat in the boot for softball practice on Sunday.",
        "Last day at the firm. I've been giving my stuff away. My desk plant went to the grad.",
    ],
)
def test_round_23_siblings_softball_and_a_last_day_at_work_are_not_high(text):
    assert all(level != "high" for _, level in levels(text))


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Soy una carga para mi familia.", "medium"),
        ("Me siento un estorbo.", "medium"),
        ("Soy un estorbo en la cocina, jaja.", None),
        ("La mochila es una carga para mi espalda.", None),
    ],
)
def test_round_23_a_burden_told_in_spanish_reaches_a_reviewer(text, level):
    found = {lv for category, lv in levels(text) if category == "suicide_self_harm"}
    assert found == ({level} if level else set())


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I'm scared to go home tonight.", "high"),
        ("I'm terrified of going home, he'll be drunk again.", "high"),
        ("Honestly I'm afraid to go home to her, she's been so angry.", "high"),
        ("I'm scared to go home.", "medium"),
        ("I'm scared to go home after watching that horror film lol", None),
        ("I'm scared to go home and show my mum my report card", None),
    ],
)
def test_round_23_afraid_to_go_home(text, level):
    found = {lv for category, lv in levels(text) if category == "domestic_abuse"}
    assert max(found, key=["medium", "high"].index, default=None) == level


# Round 24: the validation set's Spanish misses ("antes de" before an infinitive is no past,
# imagining oneself gone with relief, Spanish said plainly) and Spanish probes, each beside its
# everyday look-alike (docs/safeguarding.md, round 24).
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Todas las noches antes de dormir pienso ojalá no despertar mañana.", "high"),
        ("Cada noche antes de acostarme pido no despertar.", "high"),
        ("Me imagino que ya no estoy, y no me da miedo, me da alivio.", "high"),
        ("Me imagino la casa cuando ya no estoy y me da paz.", "high"),
        ("Antes pensaba ojalá no despertar mañana.", "low"),
        ("Antes de la terapia pensaba ojalá no despertar mañana.", "low"),
        ("Me imagino que ya no estoy cansada y me da alivio.", None),
        ("Ya no estoy deprimida, estoy mejor.", None),
        ("He decidido acabar con todo este fin de semana.", "high"),
        ("He decidido acabar con todo el papeleo antes del viernes.", None),
        ("Ya no tengo ganas de seguir viva.", "high"),
        ("No tengo ganas de vivir en Madrid otra vez.", None),
        ("Esta es mi última publicación. Gracias por todo.", "high"),
        ("Esta es mi última publicación por un tiempo, me voy de vacaciones.", None),
        ("El martes me tomé varias pastillas a propósito, para ver qué pasaba.", "high"),
        ("Me tomé las pastillas del dolor antes de comer.", None),
        ("A veces manejo de noche buscando dónde estrellarme.", "high"),
        ("Casi me estrello con la bici, qué susto.", None),
        ("Dejé de cuidarme a propósito, no me pongo la insulina.", "high"),
        ("Dejé de tomar las pastillas porque me sentaban mal.", None),
        ("What's the point of another 30 years of this.", "high"),
        ("What's the point of another 3 years of uni, honestly.", None),
        ("Me quiero cortar.", "high"),
        ("Me quiero cortar el pelo corto este verano.", None),
        ("Pienso en saltar del balcón.", "high"),
        ("Voy a saltar del trampolín en la piscina.", None),
        ("Estoy harta de vivir.", "high"),
        ("Estoy harta de vivir con mis padres.", None),
        ("Ya no le encuentro sentido a vivir.", "high"),
        ("No le encuentro sentido a la película.", None),
    ],
)
def test_round_24_spanish_and_another_30_years(text, level):
    assert strongest_suicide_level(text) == level


# Round 25: the one thing that keeps a writer alive, a message for the night one does it, a lethal
# question under a pretext; in Spanish, the same one thing, a part of oneself that no longer
# wants to live, staring down at the water from a bridge. Each beside its everyday look-alike
# (docs/safeguarding.md, round 25); LOW is the rules' benign reading, which softens the model.
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("The only thing stopping me is my kids, and I hate that.", "high"),
        ("The only things keeping me here are my two cats.", "high"),
        ("the only reason i'm still alive is my daughter tbh", "high"),
        ("The only thing keeping me alive right now is my dog.", "high"),
        ("The only thing keeping me going is my family, they've been great through chemo.", None),
        ("The only thing holding me back is my mum, she'd miss me if I moved abroad.", None),
        ("The only thing stopping me from quitting is the money.", "low"),
        ("The only thing stopping me from doing it is my son.", "high"),
        ("The only thing keeping me sane at work is this group.", "low"),
        ("I've been drafting a message to my sister, to send the night I do it.", "high"),
        ("The day I do it I'll post photos, the skydive is booked for June!", None),
        (
            "Asked the pharmacist what happens if you mix my meds with alcohol. Pretended it was for my mum.",
            "high",
        ),
        ("Asked my GP how much I can drink on these meds and he said it was fine.", None),
        ("Lo único que me frena es mi mamá, que no aguantaría otro entierro.", "high"),
        ("Lo único que me mantiene viva es mi hija.", "high"),
        ("Lo único que me frena es el precio del alquiler.", None),
        ("Lo único que me mantiene es mi sueldo, la verdad.", None),
        ("Lo único que me mantiene cuerda es este grupo.", "low"),
        ("Una parte de mí quiere seguir, pero la mayor parte no.", "high"),
        ("Una parte de mí ya no quiere vivir.", "high"),
        ("Una gran parte de mí no quiere seguir con esta carrera.", None),
        ("Parte de mí quiere seguir, pero la otra no sabe si vale la pena el máster.", None),
        ("Pasé por el puente otra vez y me quedé mirando el agua un buen rato.", "high"),
        ("Estuve en el puente mirando el río con mi novio, precioso.", None),
        ("Me quedé mirando el agua del lago, qué paz.", None),
        # Spanish probes written after the validation set's misses.
        ("Me quiero ir de este mundo.", "high"),
        ("Me quiero ir de vacaciones a este mundo de playas.", None),
        ("Quiero dejar este mundo.", "high"),
        ("Quiero dejar este mundo mejor de lo que lo encontré.", None),
        ("No pienso llegar a Navidad.", "high"),
        ("Ya no tiene sentido nada, mejor acabar.", "high"),
        ("Mejor acabar la reunión pronto, que llueve.", None),
        ("Me he estado pegando en la cabeza contra la pared.", "high"),
        ("Me pegué en la cabeza con la puerta del coche, qué torpe.", None),
        ("Le pedí a Dios que me lleve esta noche.", "high"),
        ("Estoy cansada de luchar, quiero descansar para siempre.", "high"),
        ("Estoy cansada de luchar con el seguro, quiero descansar el finde.", None),
        ("No quiero seguir aquí.", "high"),
        ("No puedo seguir viviendo con este dolor.", "high"),
        ("No puedo seguir con mi vida.", "high"),
        ("No puedo seguir trabajando aquí.", None),
        ("No quiero seguir en esta empresa.", "low"),
        ("No quiero seguir viviendo en Madrid.", "low"),
        ("Busqué en internet cuántas pastillas hacen falta.", "high"),
        ("Busqué en internet cuántas pastillas de ibuprofeno puedo tomar al día.", None),
        # Left from round 24's probes.
        ("Tengo un plan y una fecha.", "high"),
        ("Tengo un plan y una fecha para la boda.", None),
        ("I stopped taking my heart tablets. If my heart goes, it goes.", "high"),
        ("Came off my insulin on purpose, whatever happens happens.", "high"),
        ("I stopped taking my tablets because of the side effects, the GP has a new one.", "low"),
    ],
)
def test_round_25_what_keeps_one_alive_and_its_look_alikes(text, level):
    assert strongest_suicide_level(text) == level


# Round 26, from batch 26's dev half: an easier life for others without me, cutting again, a
# long time at a platform's edge, pills counted and "enough", a blade kept hidden, a balcony
# railing sat on, "me volví a cortar"; each beside its everyday look-alike (docs/safeguarding.md,
# round 26). "Estoy que no puedo más" is exhaustion.
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("She'd have an easier life without me dragging on her.", "high"),
        ("My family's lives would be so much easier without me.", "high"),
        ("The team will have an easier time while I'm on leave.", None),
        ("cut again last night, first time since may.", "high"),
        ("I cut again, I'm so ashamed.", "high"),
        ("Got my hair cut again, shorter this time.", None),
        ("I cut again the next piece of fabric, the first was crooked.", None),
        ("i stood at the edge of the platform for a really long time today", "high"),
        ("We stood at the edge of the cliff for ages taking photos.", None),
        ("I stood at the end of the pier watching the boats.", None),
        ("Counted what's left of the oxy in the drawer. It's enough.", "high"),
        ("Counted my tablets, there's enough for the holiday.", None),
        ("Counted my pills, I have enough to last till Monday.", "low"),
        ("ive got a blade hidden in my pencil case", "high"),
        ("I keep the razor blades hidden from the toddler, up high.", None),
        ("I just want to not be here anymore.", "high"),
        (
            "Thought nobody would notice if I just stopped existing till the day shift found me.",
            "high",
        ),
        ("I wish I could just stop existing.", "high"),
        ("If I stopped existing on social media nobody would notice, ha.", None),
        ("I'd like to stop existing for a week, just sleep.", None),
        ("I just want to not be here at work today lol", None),
        ("I want to die tonight.", "high"),
        ("I want to end it in my sleep.", "high"),
        ("Estoy sentada en la baranda del balcón hace rato.", "high"),
        ("Estoy sentada en el balcón tomando el sol.", None),
        ("Me volví a cortar, esta vez más hondo que antes.", "high"),
        ("Me volví a cortar el pelo, más corto que antes.", None),
        ("Me he vuelto a cortar los brazos.", "high"),
        ("Me volví a cortar el dedo pelando patatas.", None),
        ("Selectividad en dos semanas y estoy que no puedo más.", None),
        ("Ya no puedo más, quiero que todo acabe.", "high"),
    ],
)
def test_round_26_fresh_voices_and_their_look_alikes(text, level):
    assert strongest_suicide_level(text) == level


@pytest.mark.parametrize(
    ("text", "past"),
    [
        ("I wish I wouldn't wake up, and I'm praying for it now, which I never used to do.", False),
        ("I used to argue with that thought. I've stopped arguing.", False),
        ("me volví a cortar, más hondo que antes", False),
        ("I used to cut, I'm better now.", True),
        ("antes me cortaba", True),
    ],
)
def test_round_26_new_and_given_in_to_is_not_the_past(text, past):
    assert recovery_context(fold(text).text) is past
