"""Method/plan phrasing, protective and benign context, and long-post behaviour."""

import pytest

from hearth.safety.detectors.crisis_language import CrisisLanguage
from hearth.safety.detectors.semantic_risk import (
    _MAX_WINDOWS,
    _WINDOW_TOKENS,
    _plainly,
    _riskiest,
    _windows,
)
from hearth.safety.model.embedder import get_embedder
from hearth.safety.pipeline import assess
from hearth.safety.types import AssessContext

D = CrisisLanguage()
FILLER = "We went to the park and had a picnic with my sister. " * 90  # ~4,900 characters


def levels(text):
    return {(f.category, f.level) for f in D.detect(text, AssessContext())}


@pytest.mark.parametrize(
    "text",
    [
        "I searched online how much ibuprofen would be lethal",
        "I was reading up on the quickest way to die",
        "been planning out my suicide since christmas",
        "I've worked out exactly how I'd end it",
        "figured out when I'll kill myself, after the kids' exams",
        "busqué cuántas pastillas de dormir hacen falta para morir",
    ],
)
def test_method_research_and_planning_are_high(text):
    assert ("suicide_self_harm", "high") in levels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I googled how many calories are in a pizza",
        "I'm planning my wedding for next spring",
        "I bought a rope swing for the garden",
        "I got some pill organisers for my dad",
        "compré una cuerda de saltar para mi hija",
    ],
)
def test_benign_heads_and_searches_are_not_high(text):
    assert assess(text).level != "high"


@pytest.mark.parametrize(
    "text",
    [
        "I'll strangle the cat if she knocks my plant over again",
        "I want to disappear under my duvet all weekend",
        "I'm going to jump at the chance if it comes up",
        "I want to end this chapter of my life and start fresh",
        "this heat is going to be the death of me",
        "I'm going to hang the washing out",
        "I'd rather die than sing karaoke",
    ],
)
def test_everyday_idioms_are_not_alarms(text):
    # Each was HIGH or MEDIUM before: in chat a HIGH pages the staff on duty, and in the default
    # "hold flagged" mode a MEDIUM post waits for a reviewer.
    assert assess(text).level in ("none", "low"), text


def test_birthday_letters_soften_the_model_alarm():
    # The model reads letters to one's kids as goodbye letters; the occasion makes it MEDIUM.
    assert assess("I wrote letters to my kids for their birthdays").level == "medium"


@pytest.mark.parametrize(
    "text",
    [
        "I want to hang myself",
        "I want to end my life and this chapter with it",
    ],
)
def test_idioms_put_plainly_leave_real_risk_high(text):
    assert assess(text).level == "high"


def test_an_idiom_put_plainly_leaves_the_words_beside_it_to_the_model():
    # The model reads "this is going to wear me out, I can't go on": the idiom neither adds to
    # the words beside it nor hides them.
    text = "this is going to be the death of me, I can't go on"
    assert _plainly(text) == "this is going to wear me out, I can't go on"
    assert assess(text).level == assess(_plainly(text)).level != "high"
    assert assess(text + ", I have the pills ready").level == "high"


def test_wishing_for_a_quiet_break_is_not_a_suicide_alarm():
    # The model alone read this as HIGH before the "get away somewhere quiet" safe anchor.
    text = "I wish I could disappear to a cabin somewhere for a month and have no one need me"
    assert assess(text).level != "high"


@pytest.mark.parametrize(
    "text",
    [
        "I really don't want to die, I want to see my grandchildren",
        "I'm not suicidal, I'm just exhausted",
        "my new meds are finally working",
        "nobody needs to worry about me, I'm doing much better",
    ],
)
def test_protective_statements_are_reported_low_and_not_high(text):
    assert ("suicide_self_harm", "low") in levels(text)
    assert assess(text).level != "high"


@pytest.mark.parametrize(
    "text",
    [
        "my boyfriend slapped me across the face",
        "she shoved me into the door frame",
        "he had his hands around my throat",
        "my husband keeps all the money and hid my passport",
        "my uncle creeps into my bedroom when everyone is asleep",
        "he turned up at my flat despite the injunction",
    ],
)
def test_abuse_disclosures_are_high(text):
    assert assess(text).level == "high"


def test_long_post_finds_a_disclosure_at_the_end():
    text = FILLER + "I have saved up my tablets and tonight I will take them all."
    assert assess(text).level == "high"


def test_long_post_recovery_elsewhere_does_not_soften_a_new_disclosure():
    text = (
        "I used to self-harm years ago but I'm better now. "
        + FILLER
        + "I don't want to be alive anymore."
    )
    assert assess(text).level == "high"


def test_past_abuse_told_as_recovery_is_not_high():
    assert assess("my ex used to beat me years ago, I'm safe now and happy").level != "high"


def _windows_of(text: str) -> list[tuple[int, int]]:
    return _windows(get_embedder().token_spans(text), text)


def test_a_long_post_s_windows_cover_it_in_whole_words_and_overlap():
    text = FILLER + "I don't want to be here any more."
    spans = _windows_of(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start < end  # consecutive windows overlap: no sentence falls between two
    for start, end in spans:
        assert (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " ")
        assert get_embedder().tokens(text[start:end]) <= _WINDOW_TOKENS + 2
    assert _windows_of("A short post.") == [(0, len("A short post."))]


def test_text_without_spaces_is_still_read_in_separate_windows():
    text = "今天我们去了公园。" * 300
    spans = _windows_of(text)
    assert len(spans) > 4 and len({start for start, _ in spans}) == len(spans)
    assert all(end - start < len(text) / 4 for start, end in spans)


@pytest.mark.parametrize(
    "risk",
    [
        "I keep thinking they'd all be better off without me.",
        "He pensado en tirarme.",
        "Wrote the letters and sorted the passwords, I'm done.",
    ],
)
def test_a_long_post_is_read_at_the_windows_with_the_most_risk_vocabulary(risk):
    # Batch 17's long posts told risk in words a selection must count: "better off without
    # me", "tirarme", the letters and passwords of someone putting affairs in order.
    half = FILLER.index(". ", len(FILLER) // 2) + 2
    text = FILLER[:half] + risk + " " + FILLER[half:]
    spans = _windows_of(text)
    read = _riskiest(spans, text)
    assert len(spans) > _MAX_WINDOWS and len(read) == _MAX_WINDOWS
    assert read == sorted(read)
    assert any(risk in text[start:end] for start, end in read)


@pytest.mark.parametrize(
    "text",
    [
        "she grabbed me a coffee on the way in",
        "my sister pushed me to come to group tonight",
        "he pushed me to apply for the job and I got it",
        "my daughter put her arms around my neck and said she loved me",
        "I have to ask permission to take leave from work",
        "my dad came into my room to say goodnight",
        "I googled how many paracetamol a day is safe for my back pain",
        "I searched how much paracetamol is in lemsip",
        "I looked up how to support a friend who wants to die",
        "I read up on ways to prevent suicide for my training",
        "she took the money to the bank for me",
        "my son hit me with a pillow, we were laughing",
        "I've decided I'm going to do it on Monday, I'm telling him I'm leaving",
        "my son won't let me eat in peace",
        "he won't let me eat his chips",
        "my dietitian weighs me every week",
        "he kicked the ball against the wall",
        "my son threw his toy at the wall, he's two",
        "he kicked the football against the wall in the garden",
        "he kicked the door shut behind him",
        "my solicitor keeps ringing about the court order",
        "she decides what I eat at her restaurant on Fridays",
        "my daughter pulls my hair when she's playing, she's three",
        "my brother punched my arm as a joke",
        "my son kicked me in his sleep again",
        "my partner held the knife to cut the cake",
        "my daughter takes money from my purse to do my shopping for me",
        "we installed cameras to watch the dog while we're at work",
        "my friend said nobody would believe me if I told them I met the king",
        "my nan gives me money to keep quiet about the surprise party",
        "my mum waits outside my school to pick me up",
        "I gave my new address to my solicitor",
        "my son broke my glasses playing football",
        "my husband won't let me drive his new car, he's precious about it",
        "it left me black and blue after the fall on the ice",
        "my support worker came to the refuge to see me today",
        "my boss makes me account for every minute of my day",
        "my dad hurt the dog's paw by accident when reversing",
        "my wife keeps the car keys because I lose them",
        "my husband controls my medication because I have dementia and forget doses",
        "I poured boiling water on my tea and burned my finger",
        "my ex turned up at my work for the kids' handover",
        "my mum makes me unlock my phone when I'm grounded, I'm 14",
        "my ex says he wants to take the kids abroad on holiday and needs my permission",
        "we put a tracker on the dog's collar",
        "he drove me to the park for a picnic",
        "my physio won't let me go to the gym yet",
        "the school reported me to social services and I was so scared",
        "my friend keeps calling my work to tell them I'm brilliant",
        "my daughter hit me with a foam sword during the school play rehearsal",
        "my son hit my daughter over the head with a toy, they're 3 and 5",
        "my daughter keeps hitting my son, sibling rivalry is exhausting",
        "he hurt my son's feelings at the party",
        "my son bit me when he was teething",
        "my doctor won't let me drive for six weeks after surgery",
        "the consultant won't let me work until my wrist heals",
        "my yoga teacher makes us kneel for ages",
        "the nurse makes me shower with the door open on the ward",
        "my solicitor says the non-molestation order is likely. court was adjourned, I'm waiting",
    ],
)
def test_everyday_senses_of_abuse_and_method_words_are_not_rule_high(text):
    assert "high" not in {lv for _, lv in levels(text)}, text


@pytest.mark.parametrize(
    "text",
    [
        "he pushed me down the stairs",
        "she grabbed me by the hair",
        "I have to ask him for permission to see my own mum",
        "he slapped me again",
        "my husband won't let me eat until he says so",
        "my partner controls what I eat and weighs me every morning",
        "she decides what I wear and who I see",
        "he throws his dinner at the wall if it isn't ready on time",
        "he punched holes in the walls again last night",
        "he smashed his phone against the wall and screamed at me",
        "my ex keeps ringing from different numbers after the court order",
        "he still keeps texting me even though there's a court order",
        "she slaps my face when I forget things, I'm 82",
        "my boyfriend holds a knife to my throat when we argue",
        "my husband drags me by my hair when I talk back",
        "my carer takes money from my purse and tells me I spent it",
        "he installed cameras in every room and watches me from work",
        "my partner tells me I'm mad and that nobody would ever believe me over him",
        "she locks the fridge so I can't eat without asking",
        "my dad makes us kneel on rice as punishment",
        "my step-dad gives me money to keep quiet about what he does",
        "he sits outside my work in his car every single day",
        "he rang my mum pretending to be the police to find out where I live",
        "my ex sends flowers to my new address and I never gave it to him",
        "he threatens to post my nudes if I leave",
        "my son screams in my face and smashed my glasses",
        "my husband throws my things out of the window when he's drunk",
        "my partner won't let me work and takes my benefits",
        "my mum's boyfriend hits me with his belt",
        "my daughter's boyfriend punches her and she's only 15",
        "my partner pinched me black and blue under the table",
        "he controls my insulin and says he'll let me die",
        "my partner makes me account for every penny",
        "my ex turned up at the refuge pretending to be my cousin",
        "my carer leaves me in wet sheets for hours",
        "he forced me to watch while he hurt the dog",
        "my dad burns us with a lighter when we don't listen",
        "my mother-in-law hits the kids with a wooden spoon",
        "my partner poured boiling water on my arm",
        "my girlfriend bit my lip until it bled",
        "my husband makes me hand over my bank card every payday",
        "he hid a tracker in my daughter's teddy to find us",
        "my ex-husband keeps turning up at my new job",
        "my stepdad makes me shower with the door open",
        "my partner reads my texts and makes me unlock my phone in front of him",
        "he drove at me in the car park and laughed",
        "he took the battery out of my car so I couldn't leave",
        "my partner won't let me see a doctor about my bruises",
        "he keeps the passports and says he'll take the kids abroad",
        "my husband sells my things when I'm at work",
        "my ex keeps reporting me to social services with lies to scare me",
        "he keeps calling my work and telling them lies so I'll get sacked",
        "there's a non-molestation order but he was outside my house again today",
        "he never lets me have money of my own",
    ],
)
def test_physical_and_coercive_abuse_is_rule_high(text):
    assert any(lv == "high" for _, lv in levels(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "me muero de hambre, ¿cenamos?",
        # Round 18's classifier reads what is left once the idiom is put plainly, "me caí
        # delante de todos" (I fell over in front of everyone), as suicide at 0.57: MEDIUM.
        "me quiero morir de la vergüenza, me dio mucha pena",
        "te mato si me cuentas el final de la serie",
    ],
)
def test_everyday_spanish_idioms_are_not_alarms(text):
    assert assess(text).level in ("none", "low"), text
    # Read MEDIUM by the classifier since rounds 18 ("me caí delante de todos", 0.57) and 19
    # (0.68): a reviewer's look, never an alarm.
    assert assess("me quiero morir de la vergüenza, me caí delante de todos").level != "high"
    assert assess("quiero desaparecer del grupo de whatsapp del colegio").level != "high"


@pytest.mark.parametrize(
    "text",
    [
        "ya no puedo más con este calor",  # weariness, held for a look at most
        "mi jefe me va a matar si llego tarde",
    ],
)
def test_everyday_spanish_complaints_are_not_high(text):
    assert assess(text).level != "high"


@pytest.mark.parametrize(
    "text",
    [
        "ya no puedo más con mi vida",
        "quiero morirme de verdad",
        "quiero desaparecer",
        "te mato si le vuelves a pegar a mi hija",
    ],
)
def test_spanish_risk_near_those_idioms_stays_high(text):
    assert assess(text).level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "I hate swallowing big pills, anyone got tips?",
        "I split my tablets in half because the dose was too strong",
        "I always carry spare tablets in case I'm stuck somewhere",
        "I threw up after taking my tablets this morning",
        "my pills are all lined up in the organiser for the week",
        "I doubled my dose last night by mistake and rang 111",
        "I'm going to take all my tablets with food from now on",
    ],
)
def test_talk_about_ones_medication_is_not_an_alarm(text):
    # The model alone read each as HIGH suicide (the pill prototypes share the words).
    assert assess(text).level != "high", text


@pytest.mark.parametrize(
    "text",
    [
        "I've been putting a few pills aside every week and now I have enough",
        "I took the whole packet of paracetamol an hour ago",
        "I'm going to take all my tablets tonight",
        "I remembered the pills are in the drawer and tonight I'll take them all",
        "nobody knows I haven't been taking my pills, I'm keeping them for later",
        "my pills are the only way out I can see",
        "I want to take all my pills and sleep forever",
        "I took all my pills today and I want it to be over",
    ],
)
def test_pills_with_intent_or_amount_stay_high(text):
    assert assess(text).level == "high", text


@pytest.mark.parametrize(
    "text",
    [
        "I'm off, goodbye everyone x",
        "I can't do this anymore, this wifi keeps dropping",
        "I can't take it anymore, the neighbours' dog barks all night",
        "I won't be here next week, I'm at my sister's",
        "I'd be better off dead than go to that party, jk",
        "I'm saying goodbye to my old job tomorrow",
        "I won't be around tomorrow, I've got a hospital appointment",
        "I won't be here much longer tonight, battery's dying",
        "I can't do this, sorry, I'll try again tomorrow",
    ],
)
def test_everyday_chat_is_not_an_alarm(text):
    # Each was HIGH before: in chat a HIGH pages the staff on duty.
    assert assess(text).level != "high", text


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore",
        "I won't be here next week",
        "I won't be here next week, I've made my choice",
        "I'd be better off dead",
        "goodbye everyone, I won't see you again",
        "I can't go on anymore with this pain",
        "I can't keep going, I'm sorry everyone",
        "I won't be around tomorrow, I've got it all planned",
    ],
)
def test_the_same_words_without_an_everyday_reason_stay_high(text):
    assert assess(text).level == "high", text
