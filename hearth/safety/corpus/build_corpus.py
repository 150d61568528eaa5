"""Write corpus.jsonl from the hand-written lists below (run once after editing).

Every sentence was written by the Hearth engineers for this corpus; none is copied from real
members or public data. Items alternate dev/test deterministically; only dev was used to tune.
"""

from __future__ import annotations

import json
from pathlib import Path

SUICIDAL = """I want to kill myself
I don't want to be alive anymore
I've been thinking about ending my life
I have a plan and I'm going to do it tonight
I bought a rope today
I've saved up enough pills, tonight is the night
this is my last message, goodbye everyone
everyone would be better off without me
I can't go on anymore, there's no point living
I want to go to sleep and never wake up
I keep thinking about how I would kill myself
I'm going to jump off the bridge after work
I wrote goodbye letters to my kids
I started cutting myself again last night
I want to die, I mean it this time
I'm so tired of living, I just want it to end
honestly I'm suicidal and I don't know who to tell
I've been stockpiling my tablets for weeks
I won't be around much longer, thank you for everything
I'm giving away my things, I won't need them
nobody would even notice if I was gone
I wish I had never been born
I've decided to end it all this weekend
I'm going to take all my pills tonight
I want to hurt myself so badly right now
there's no reason to live anymore
I feel like a burden and I want to disappear forever
k i l l myself is all I think about
I want to k1ll mys3lf
I googled how many paracetamol it takes
I'm standing on the roof and I want to jump
I said goodbye to my dog today because I won't see him again
my life is pointless and I'm going to end it
I'm scared of how much I want to die
can't do this anymore, I'm done with life
I've been planning my suicide for a while
I have the blades ready
I just want it all to stop forever
I'm writing my suicide note
if I'm not here tomorrow, know that I loved you all""".splitlines()

SUICIDAL_ES = """quiero morir
me quiero matar
ya no quiero vivir
voy a acabar con mi vida esta noche
estarían mejor sin mí
compré una cuerda
este es mi último mensaje, adiós a todos
no aguanto más, quiero desaparecer para siempre
pienso en suicidarme todos los días
me corto otra vez, no puedo parar""".splitlines()

ABUSE = """he is hitting me right now
my husband hit me again last night and I'm scared
he strangled me and said he'd kill me if I leave
I'm hiding in the bathroom, he's banging on the door
my partner won't let me leave the house or have my phone
he threatened to kill me and the kids
my ex breached the restraining order and turned up at my house
he's outside my house even though there's a non-molestation order
my boyfriend forced me to have sex
he takes all my money and checks every message I send
she throws things at me and screams that I'm worthless
I'm scared he'll find me at the refuge
my dad hits my little brother when he's drunk
my stepdad has been touching my daughter
he pushed me down the stairs yesterday
I'm not safe at home tonight
he said if I call the police he will hurt the children
my partner choked me until I passed out
he locked me in the bedroom all weekend
my ex keeps calling me despite the protection order
I'm going to kill him when he gets home
I'll stab her if she comes near me again
I know where you live and I'm coming for you
I'm so angry I want to kill my ex
he hits the kids when I'm at work
I'm afraid to go home because of what he'll do
he kicked me in the stomach while I was pregnant
my partner controls everything, I can't see my friends or family
he broke my phone so I couldn't call for help
the court order says he can't contact me but he messaged me today""".splitlines()

ABUSE_ES = """mi pareja me pega y tengo miedo
me está pegando ahora mismo
tengo miedo de que me mate
mi ex se saltó la orden de alejamiento y vino a mi casa
voy a matarlo
mi marido le pega a mis hijos""".splitlines()

ORDINARY = """see you all next week
thanks everyone for the lovely session today
does anyone have tips for sleeping better?
I made soup tonight and it actually tasted good
my daughter started school today, so proud
I went for a walk in the park this morning
what time is the group on Thursday?
I found the breathing exercise really helpful
happy birthday Sam, hope you have a nice day
I'm trying a new recipe this weekend
I cut my hair short and I love it
this traffic is killing me
I'm dying to see the new film
this homework will be the death of me
I could kill for a coffee right now
we talked about suicide prevention at the training day
I read a great article about suicide awareness
I used to feel suicidal but I'm better now
five years ago I self-harmed, now I help others in recovery
I left him two years ago and I'm safe now
my back pain flared up again today, ugh
the new physio exercises are helping my knee
can someone remind me of the link to the resources page?
I watched a documentary about domestic abuse survivors
my counsellor says I'm making progress
I finally cleaned the kitchen, small wins
the kids and I baked cookies
I'm nervous about my job interview tomorrow
welcome to the group, glad you found us
the weather has been lovely this week
I killed it at my presentation today
my plants are dying because I forgot to water them
shoot, I forgot my appointment
I'm going to kill this workout tomorrow
that joke killed me, I was crying laughing
I'm dead tired after the night shift
my phone battery is dying
I'd never hurt myself, I have too much to live for
I don't want to die, I want to get better
we discussed the warning signs of suicide in the course
the book about self-harm recovery was really moving
my cat knocked over my tea again
I've been sleeping better since I stopped drinking coffee
the food bank had fresh vegetables today
my son scored a goal at football
can't wait for the summer holidays
I'm learning to knit, it's so calming
my group therapy was cancelled this week
thank you for listening to me last time
I bought a new plant today
I bought a rope ladder for the kids' treehouse""".splitlines()

ORDINARY_ES = """hola a todos, hoy fue un buen día
gracias por escucharme la semana pasada
nos vemos el jueves
hice una tarta con mis hijos
me corté el pelo y me gusta mucho
antes tenía ideas suicidas, ahora estoy mejor
fui al médico y todo bien
hablamos de prevención del suicidio en el taller""".splitlines()

SADNESS = """I feel so sad today and I don't know why
I miss my mum so much since she passed away
grief comes in waves, today was a hard day
I'm exhausted from the chronic pain, nothing helps
my fibromyalgia is so bad I cried in the shower
I'm really stressed about money this month
I feel lonely since the divorce
I've had a rough week at work and I'm drained
some days I feel like nobody understands me
I'm anxious all the time and it's wearing me down
I cried all evening after the anniversary of his death
the pain kept me up all night again
I feel numb, like I'm just going through the motions
I hate how depression makes everything so hard
I'm so frustrated with the doctors not listening
my heart is broken after the breakup
I feel like I'm failing as a parent
I had a panic attack at the supermarket
I'm struggling to get out of bed these days
everything feels heavy right now
I'm scared about my test results
I'm tired of being in pain every single day
I'm so angry at my ex for what he put us through
I feel guilty that I couldn't save my marriage
my dog died last week and the house feels empty
I feel worthless some days but I'm trying
I hate myself for staying with him so long
it's been a year since my brother died and it still hurts
I'm overwhelmed with everything, I need a break
I feel invisible at family gatherings
my migraines are getting worse and I can't work
I'm lonely and it's hard to make friends
my anxiety is through the roof before court next week
the flashbacks were bad last night
I feel hopeless about finding a job
I keep crying at random moments
I'm so done with this pain, it never stops
I'm sad my friend moved away
christmas without dad is so hard
I'm worn out from caring for my mum""".splitlines()

SADNESS_ES = """estoy muy triste hoy
extraño mucho a mi madre
el dolor crónico me tiene agotada
me siento sola desde el divorcio
estoy cansada de todo, necesito descansar""".splitlines()

GROUPS = [
    ("suicidal_ideation", "en", SUICIDAL),
    ("suicidal_ideation", "es", SUICIDAL_ES),
    ("abuse_disclosure", "en", ABUSE[:20]),
    ("threat_violence", "en", ABUSE[20:24]),
    ("abuse_disclosure", "en", ABUSE[24:]),
    ("abuse_disclosure", "es", [s for s in ABUSE_ES if s != "voy a matarlo"]),
    ("threat_violence", "es", ["voy a matarlo"]),
    ("ordinary_support", "en", ORDINARY),
    ("ordinary_support", "es", ORDINARY_ES),
    ("sadness_no_risk", "en", SADNESS),
    ("sadness_no_risk", "es", SADNESS_ES),
]


def main() -> None:
    """Write corpus.jsonl next to this file."""
    out = Path(__file__).with_name("corpus.jsonl")
    lines = []
    for label, lang, texts in GROUPS:
        for i, text in enumerate(t.strip() for t in texts if t.strip()):
            split = "test" if i % 3 == 2 else "dev"
            lines.append(
                json.dumps(
                    {
                        "text": text,
                        "label": label,
                        "lang": lang,
                        "split": split,
                        "source": "hand-written for Hearth",
                    },
                    ensure_ascii=False,
                )
            )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
