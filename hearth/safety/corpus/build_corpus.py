"""Write corpus.jsonl from the hand-written lists below (run once after editing).

Every sentence was written by the Hearth engineers for this corpus; none is copied from real
members or public data. Items alternate dev/test deterministically; only dev was used to tune.
"""

from __future__ import annotations

import json
from pathlib import Path

from batch19_templates import SOURCE_19, batch_19  # a module beside this script

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

# --- Batch 2 (written before any tuning in this round) -------------------------------------
# Fresh held-out items: written and committed before the detectors were changed; never tuned on.
FRESH_TEST_SUICIDAL = """I've looked up which bridge in town is the highest. I don't think I'll be at group next week.
every night I lie awake working out how to do it without the kids finding me
sorry for the long post. I just need someone to know that I've been researching overdoses and I think I know how much I need
I've put the dog's food and vet details on the fridge for my sister. I'm ready to go.
I don't see the point in carrying on. I'm so tired of fighting every day just to exist
I keep imagining my funeral and honestly it feels like relief
the voices are telling me to end it and tonight I think I'll listen
I took twenty of my tablets about an hour ago, I'm not sure why I'm posting
I wrote a will this morning and cancelled my therapy. there's no point anymore
thinking about driving into a wall on the motorway tomorrow
I've stopped eating and I'm hoping my body just gives up
I want to die. I'm sorry everyone.""".splitlines()

FRESH_TEST_SUICIDAL_ES = """ya tengo las pastillas guardadas, esta noche lo hago
no le veo sentido a seguir viviendo, todos estarían mejor sin mí
he buscado cómo hacerlo sin que duela
me despido de todos, gracias por todo, no me volveréis a ver""".splitlines()

FRESH_TEST_ABUSE = """he grabbed me by the throat last night in front of the kids and I don't know what to do
my husband took my bank card and passport, I'm not allowed out without him
my boyfriend slapped me because dinner was late, it's the third time this month
I'm in the car outside, he's smashed up the kitchen and I'm scared to go back in
my ex has been parked outside my work every day this week even though the court said he can't come near me
my son told me his uncle touches him when they're alone
she told me if I leave she'll make sure I never see the kids again and then she pushed me into the wall
he raped me last night and said no one would believe me
my partner threatens to kill himself every time I try to leave
my mum's new boyfriend hits her and she says it's her fault""".splitlines()

FRESH_TEST_ABUSE_ES = """mi novio me revisa el móvil y me pegó cuando vio un mensaje de mi amiga
mi ex me sigue mandando mensajes aunque tiene una orden de alejamiento""".splitlines()

FRESH_TEST_THREAT = """if that man comes near my daughter again I will kill him
I've got a knife in my bag and I'm going to wait for him after work""".splitlines()

FRESH_TEST_ORDINARY = """my physio said the exercises will kill me before they help, she's probably right lol
we did a suicide prevention session at work today, really good speaker
two years clean from self-harm today, thank you all for getting me through
I bought a new knife set for the kitchen, finally can chop onions properly
I nearly died laughing at my son's school play
I'm not going to hurt myself, I just needed to vent, thanks for checking in
my therapist and I went over my safety plan, I feel ready to stop weekly sessions
does anyone know a good book on supporting a friend who is suicidal?
the shooting scene in that series was way too much, had to switch it off
I cut the kids' sandwiches into stars today and they loved it
I've been picking up the pills from the pharmacy for my neighbour since her hip op
my ex used to hit me but that was a long time ago, I've built a safe life now
the gym session absolutely destroyed me, legs are dead
anyone else going to the vigil for suicide awareness day on Saturday?
I finally told my GP about the dark thoughts I used to have, she was lovely""".splitlines()

FRESH_TEST_ORDINARY_ES = """me muero de ganas de veros el jueves
hoy hablamos de cómo ayudar a alguien con ideas suicidas, muy útil
fui a la farmacia a por las pastillas de la tensión de mi madre""".splitlines()

FRESH_TEST_SADNESS = """my chronic back pain is relentless and I'm sick of being told to just do yoga
it's my daughter's birthday and I can't see her, this hurts so much
three months since mum died and I still reach for the phone to call her
work is crushing me, I cry in the car before every shift
I feel like such a failure, I can't even keep the house clean
the anniversary of the assault is next week and I'm dreading it
I'm so lonely in this new city
my endometriosis pain is unbearable today, I'm in bed with a hot water bottle
some days the grief is so heavy I can't breathe
I'm so stressed I haven't slept properly in weeks""".splitlines()

FRESH_TEST_SADNESS_ES = """estoy agotada, el trabajo y los niños no me dejan respirar
hoy me siento muy sola, echo de menos a mi padre""".splitlines()

# New dev items (batch 2): may be used for tuning.
DEV2_SUICIDAL = """I searched how many sleeping pills would be enough
I've been reading about the most painless ways to die
I've made my mind up, I'm going to do it on Friday when the flat is empty
I looked up the train times, not to go anywhere
I can't stop thinking about killing myself
I've been planning how I'd end it
I'd rather be dead than keep living like this
I hope I don't wake up tomorrow
I'm done. I've said my goodbyes.
I've got a stash of pills in the drawer for when it gets too much
I don't want to be here anymore, I've had enough
what's the point of living when all I do is hurt people""".splitlines()

DEV2_SUICIDAL_ES = """busqué cuántas pastillas hacen falta
quiero dormirme y no despertar nunca más""".splitlines()

DEV2_ABUSE = """he shoved me against the wall and took my keys so I couldn't leave
my husband says he'll kill me if I ever tell anyone
my girlfriend hits me when she's been drinking
he put his hands around my neck again last night
my stepfather comes into my room at night
my ex turned up at the kids' school again despite the injunction
he controls every penny and I have to ask permission to buy tampons
she slapped me and locked me out of the house in the rain
my partner raped me while I was asleep""".splitlines()

DEV2_ABUSE_ES = """mi marido me amenaza con quitarme a los niños y me empuja""".splitlines()

DEV2_THREAT = """I'm going to hurt him the way he hurt me, I've got nothing to lose
I'll make him pay, I'm going round there with a bat tonight""".splitlines()

DEV2_ORDINARY = """I don't want to die, I want to see my kids grow up, that's what keeps me going
I'm not suicidal, just really tired, please don't worry
I bought rope lights for the garden
the pills my doctor gave me are finally working
I went to a talk on preventing self-harm in teenagers
my son wants to jump off the diving board this summer
I never thought I'd say this but I want to live
I'm ending my contract with the old landlord, so happy
this heat is unbearable, I'm melting
I used to want to die every day. Today I laughed with my sister.
I've stockpiled tins for the winter, feeling organised
I googled how many calories are in a croissant and regretted it
planning my daughter's birthday party, any ideas?
my grandad's funeral was lovely, we told stories and laughed
I'm killing time before my appointment""".splitlines()

DEV2_ORDINARY_ES = """no quiero morir, quiero ponerme bien
compré una cuerda para tender la ropa""".splitlines()

DEV2_SADNESS = """I've been crying all day, I miss him
the pain in my joints makes me want to scream
I'm so tired of everything, I just want a holiday
I feel like I'm drowning in paperwork and bills
I hate my body right now
my anxiety is awful today, heart racing
I feel useless since I lost my job
I'm heartbroken, my best friend stopped talking to me
the nights are the worst, everything feels hopeless at 3am
feeling really low and flat this week
grief is exhausting, I'm sleeping all the time""".splitlines()

DEV2_SADNESS_ES = """me duele todo el cuerpo hoy, estoy harta""".splitlines()

# Batch 3 (dev only): written for Hearth's dev split before the detector changes of that round,
# in the voice of support-forum posts, aimed at categories the dev split had few of: indirect
# and preparatory ideation, coercive control, stalking, strangulation, child harm, threats,
# Spanish, and hard negatives (quoting, news, recovered past, sadness and stress).
DEV3_SUICIDAL = """honestly everyone in my life would be better off if I just wasn't in it
I've started giving my books and my guitar away to friends, I won't be needing them
I don't think I'll be around for Christmas this year and I've made my peace with that
I've been sorting out my will and writing down my passwords so nobody has to deal with a mess after I'm gone
every night I lie in bed working out the quickest way to make it all stop for good
I keep standing at the edge of the platform when the fast trains go through
I've stopped taking my insulin on purpose, I just want it over with
I'm so tired of being alive, I just want to not exist anymore
there's no way out of this for me, I've thought about it and the only way out is to go
I've picked the day, it'll be after my sister's wedding so I don't ruin it
I wrote letters for my kids to open when they're older
I've got a bottle of vodka and all my tablets lined up on the table
I don't see the point in waking up tomorrow
I keep imagining my own funeral and thinking it would be a relief for everyone
if this treatment doesn't work I'm going to end things, I've decided
I asked my friend to look after my cat for good, she doesn't know why
I'm not scared of dying anymore, I'm scared of having to keep living like this
I'm just so done. I want to go to sleep and not wake up
I drove to the cliffs last night and sat there for two hours deciding
I've been scratching my arms with a razor again to feel something
I want to disappear and never come back, nobody would miss me
I'm a waste of space and I'd be doing everyone a favour by dying
tonight I'm going to swallow everything in the medicine cabinet
I don't want to be here anymore, I really mean it this time
I'm ready to go. I've said everything I needed to say""".splitlines()

DEV3_SUICIDAL_ES = """no veo salida, lo único que quiero es dejar de sufrir para siempre
quiero desaparecer y que nadie me busque
ya no aguanto más, esta noche se acaba todo
he estado regalando mis cosas, ya no las voy a necesitar
todos estarían mejor si yo no estuviera
ojalá no despertar mañana
ya escribí las cartas de despedida para mi familia
no le encuentro sentido a seguir viva
tengo ganas de tirarme por el balcón
me he vuelto a cortar los brazos""".splitlines()

DEV3_ABUSE = """he hit me in the face last night because dinner was late
she controls all the money and I have to show her every receipt
I'm not allowed to see my friends or my family any more, he says they're a bad influence
he put his hands around my neck until I nearly passed out
my ex keeps turning up outside my work and following me home
he tracks my phone and messages me the second I leave the house
he says if I ever leave him he'll kill me and then himself
I'm scared to go home tonight because he's been drinking and he gets violent
my husband threw me down the stairs and told the hospital I fell
he took my passport and my bank card so I can't go anywhere
my stepdad hits my little brother with a belt when mum's at work
my uncle touches me when nobody is around and says it's our secret
my girlfriend slaps me and then cries and says sorry
my partner won't let me have a job or my own money
he smashed my phone and locked me in the bedroom all night
I have bruises all over my arms from where he grabbed me
my son pushes me around and takes my pension, I'm frightened of him
he checks my messages every night and hits me if I've talked to a man
he makes me have sex with him even when I say no
my dad beats us when he's drunk and I'm scared to go home after school""".splitlines()

DEV3_ABUSE_ES = """mi marido me pega cuando bebe y los niños lo ven
me amenaza con matarme si lo dejo
tengo miedo de volver a casa esta noche
él controla todo el dinero y no me deja trabajar
no me deja ver a mis amigas ni a mi familia
mi ex me sigue a todas partes y me espera en la puerta del trabajo
me agarró del cuello y me estampó contra la pared
mi padrastro me toca cuando mi madre no está""".splitlines()

DEV3_THREAT = """if he turns up at my door again I'm going to stab him, I mean it
I'm going to find the guy who did this to my sister and I'm going to kill him
one more word from my boss and I swear I'll bring my dad's gun in
I've been thinking about hurting him while he sleeps
I'm going to burn her car and her house with her in it""".splitlines()

DEV3_THREAT_ES = """como se vuelva a acercar a mis hijos lo mato
voy a ir a su casa y le voy a dar una paliza que no va a olvidar""".splitlines()

DEV3_ORDINARY = """the film was about a woman who leaves her abusive husband, it was really moving
my friend said 'I want to die' when she dropped her phone in the bath, we were in stitches
in the news today a man was jailed for strangling his partner, it's so sad
ten years ago I tried to end my life; today I run a marathon for the charity that helped me
my ex used to hit me but I got out, I've been safe for three years now
I'm giving away my old baby clothes now the kids are older, does anyone want them?
I'm not going anywhere, this group is my lifeline
my counsellor asked whether I had thoughts of ending my life and I said no, honestly
my daughter hit me with a foam sword during the school play rehearsal, she's got a great swing
we practised what to say if someone tells you they're thinking of suicide
my dad threatened to cancel Christmas if we don't stop arguing, typical
the book club picked a thriller about a stalker, anyone read it?
I'd kill for a week off work right now
my boss is killing me with these deadlines but I'll survive
I cleared out my wardrobe and took three bags to the charity shop
I've written my will because we just had a baby, it feels very grown up
he tracked the parcel for me because I'm hopeless with apps
I'm dying to tell you all my news, I got the job!
my partner looks after the money because I'm terrible with budgets and I asked him to
I used to think everyone would be better off without me; I don't think that any more""".splitlines()

DEV3_ORDINARY_ES = """he regalado la ropa de bebé que ya no usamos
hace años pensaba en quitarme la vida, hoy estoy bien y agradecida
en las noticias hablaron de un caso de violencia de género, qué horror
me muero de risa con vuestros mensajes
mi hijo me pegó sin querer con la pelota jugando en el parque""".splitlines()

DEV3_SADNESS = """I feel so alone since the divorce and the evenings are the worst
I'm exhausted, work is relentless and I can't switch off at night
I've been really low this week, but I've got my therapy session on Thursday
some days the grief is so heavy I can't get out of bed
I'm stressed out of my mind about money and the rent going up
I cried in the car park after my appointment today
I feel like a failure as a mum today
the anxiety is really bad at the moment and I keep having panic attacks
I miss who I was before the illness
I'm so tired of being in pain all the time
nothing seems to be going right for me lately
I feel numb and I don't enjoy the things I used to""".splitlines()

DEV3_SADNESS_ES = """estoy muy agobiada con el trabajo y no duermo
me siento sola desde que murió mi madre
hoy ha sido un día horrible, solo quiero llorar
estoy harta del dolor, no me deja hacer nada""".splitlines()

# Batch 4: written before any detector change of round 4, in the voice of forum posts; every
# second item of each list is held out ("test"), the rest is dev. Round 4 tunes on dev only.
B4_SUICIDAL = """Honestly I think everyone would cope fine without me. I've started writing letters to my sisters.
I keep driving past the railway crossing and thinking how easy it would be to just not stop.
My meds are all in one box now. I counted them twice. I'm not sure why I'm telling you.
I don't see myself being here by Christmas and I've made my peace with that.
Every night I lie there hoping my heart just gives out in my sleep.
I've been giving my things away to friends this week, my guitar went yesterday.
Some days the only thing that calms me is thinking about how I'd do it.
I took more of my tablets than I should have last night to see what would happen. Tonight I'll take the rest.
I can't keep doing this. I've decided Friday is the day.
I wrote a note and put it in my bedside drawer. I just wanted someone to know.
What's the point in fighting anymore, I just want it all to stop for good.
I stood on the edge of the car park roof for an hour yesterday. I'll go back.
I'm so tired of existing. If I had the courage I'd have ended it already.
My kids would be better off with their dad and a mum who isn't a mess. I've thought about how to make it look like an accident.
Tonight feels different. I'm calm because I know it'll be over soon.
I've been reading about how long it takes to bleed out. I can't stop looking.
I've stopped eating and drinking on purpose. I want to fade away.
This is probably my last post here. Thank you all for trying.
I keep a razor blade in my purse just in case I decide tonight's the night.
I want to go to sleep and not wake up, and I've been thinking about how to make that happen.
Nobody would notice if I disappeared for good. I've got everything I need at home.
I tried to hang myself last month and it didn't work. I'm thinking about trying again.
Had the car running in the closed garage for a while tonight before my neighbour knocked.
I've been researching which medications are lethal in combination.
I'm not going to be a problem for anyone much longer.
I told my therapist I'm fine but the truth is I've set a date.
If tomorrow is like today I'm done. I mean really done, not just upset.
I have been self-harming again and last night I cut deeper than I meant to and part of me wished it hadn't stopped.
Life insurance pays out after two years and that was two years ago.
I don't want to die exactly, I just can't keep living like this and I've been looking at ways out.""".splitlines()

B4_SUICIDAL_ES = """ya no aguanto más, he pensado en tirarme del puente
he escrito cartas para mi familia por si no estoy mañana
tengo guardadas todas las pastillas del mes, ya sé lo que voy a hacer
mis hijos estarían mejor sin mí, lo tengo decidido
cada noche pienso en cómo acabar con todo
anoche me corté más hondo que nunca y ojalá no hubiera parado
no quiero seguir viviendo, ya elegí el día
esta es mi despedida, gracias a todos por todo""".splitlines()

B4_ABUSE = """He locks me in the bedroom when he goes out and takes my phone with him.
My husband controls all the money, I have to send him receipts for every coffee.
When I said I wanted to see my mum he threw his dinner plate at my head.
My stepdad comes into my room at night and I don't know who to tell.
She tells me I'm worthless every day and last week she burned me with the iron.
He put his hands round my neck until I nearly passed out, then said sorry and cried.
My ex keeps turning up at my work and he's sent me photos of my house at night.
I have bruises on my arms I have to hide with long sleeves, he says I made him do it.
He won't let me see a doctor alone and he reads all my messages.
My partner forced me to have sex when I said no and now says it's normal.
My son hits me when he doesn't get money for drugs and I'm scared of him.
My carer takes money from my purse and shouts at me if I say anything.
He broke my phone and pushed me down the stairs last night.
He's threatened to take the children abroad and I'll never see them again if I leave.
I found a tracker on my car after I moved out, he always knows where I am.
My girlfriend slaps me when she's drunk and then tells everyone I'm the violent one.""".splitlines()

B4_ABUSE_ES = """mi marido me encierra en casa y me quita las llaves
me empujó contra la pared y me dijo que si lo cuento me mata
mi ex me sigue al trabajo y me manda fotos de mi portal
mi pareja no me deja ver a mi familia y controla todo mi dinero""".splitlines()

B4_THREAT = """I know where that guy lives and I'm going to make him pay with a bat.
If my ex shows up again I'll stab him, I've got a knife by the door.
Next time my manager humiliates me I'm going to hurt him badly.
I'm going to burn his car with him in it.
I'm going to find the people who did this and hurt them.""".splitlines()

B4_THREAT_ES = """voy a ir a su casa y le voy a partir la cara""".splitlines()

B4_ORDINARY = """Finally slept eight hours last night, first time in weeks. Small wins!
Does anyone have tips for explaining to my boss that I need Thursday afternoons off for group?
That new drama on telly killed me, the ending was brutal.
My sister's wedding is in two weeks and I'm actually looking forward to it.
I've been clean for 500 days today. Thank you all for the support.
We did a session on safety planning at group, really useful to write it all down.
My counsellor asked me if I'd ever had thoughts of suicide and I could honestly say no, not anymore.
The pharmacy messed up my prescription again, spent an hour on the phone sorting it.
Cut my own fringe during lockdown and I'm still living with the consequences.
I read a good book about recovering from coercive control, happy to share the title.
My dog knocked over the bin and ate half a loaf, he's fine but I'm dying of laughter.
Anyone else find the walk to the shops easier in the mornings?
I used to self-harm as a teenager, it's been twelve years now and the scars are just part of me.
Our training today covered how to ask someone directly about suicide. Felt awkward but important.
The court hearing went well, the order was granted and I feel safer.
I'm going to kill it at my job interview tomorrow, wish me luck!
Tried a new recipe, the kids demolished it.
I've moved into my own flat and I finally chose my own curtains.
Just wanted to say thanks to whoever recommended the breathing app.
Watched a documentary about the Golden Gate bridge and the barriers they added, it was moving.""".splitlines()

B4_ORDINARY_ES = """hoy he ido al grupo por primera vez y me he sentido escuchada
me encanta este foro, gracias por estar ahí
mi terapeuta dice que voy mejorando mucho
el finde fuimos a la playa con los niños, lo necesitábamos""".splitlines()

B4_SADNESS = """It's the anniversary of my dad's death and I can't stop crying.
My pain flared up again and I had to cancel everything, I feel so useless.
I'm exhausted from pretending I'm fine at work.
Christmas is hard when you're estranged from your family.
I miss who I was before the illness.
I feel invisible, even at home, nobody asks how I am.
The divorce paperwork came through and I sat in the car and sobbed.
Some mornings getting out of bed feels impossible, but I do it for the cat.
I'm grieving the life I thought I'd have.
I'm so angry at my body for letting me down again.
Lonely weekend. Nobody called. Just needed to say it somewhere.
I feel like I'm drowning in paperwork and appointments.
The flashbacks were bad this week, I barely slept.
I'm scared the benefits assessment will go badly again.
My best friend moved abroad and I feel really alone.
Sometimes I wonder if this heaviness will ever lift, but I'm hanging on.""".splitlines()

B4_SADNESS_ES = """estoy triste porque echo de menos a mi madre
el dolor no me deja dormir y estoy agotada
me siento sola desde que me mudé
estoy cansada de que nadie me entienda""".splitlines()

# Batch 5: written and committed before any change of round 5; alternating dev/test as batch 4.
B5_SUICIDAL = """I keep thinking how much easier it would be for my family if I just stopped being a problem for them, permanently.
Does anyone know if life insurance still pays out if it looks like an accident? Asking for reasons.
I've cancelled my therapy sessions, there's no point when I won't need them after this month.
Every time I cross the motorway bridge on my walk I slow down and think about climbing over.
I told my daughter I love her more than anything tonight and I meant it as goodbye.
I'm not sad anymore, I've just accepted that I'm not going to get old.
I have enough of my mum's morphine put aside. I just need a night when the house is empty.
Sorry I've been quiet. I've been getting things in order. Thank you all for being kind to me these last months.
I've made my decision and for the first time in years I feel calm about it.
Part of me wishes the cancer had come back so I wouldn't have to do it myself.
I keep googling how long it takes to bleed out. I don't know why I'm telling you this.
My kids deserve a mum who isn't broken. They'll get over losing me faster than they'd get over growing up with me.
I stood on the chair with the belt around my neck last night and my phone rang. I'm still angry it rang.
I'm going to walk into the sea this weekend. I've always loved the sea.
I've stopped eating and drinking. I want my body to just give up.
Nobody needs to worry about me after Friday.
I looked at the tablets in my drawer for an hour today. One day I won't put them back.
I wish I could fall asleep and my heart would just stop.
If I crashed the car on the way home it wouldn't be the worst thing. I might help it along.
I'm a burden on everyone who loves me and the kindest thing I can do is go.
I've written the note. It's in my bedside drawer.
Life has been one long punishment and I'm ready to stop serving the sentence.
This is the last time I'll post here. Please look after each other.
I can't see myself being alive at thirty. I honestly don't plan to be.
I emptied my savings into my brother's account so he's got something when I'm gone.
When the pain gets like this I think about the gun in my dad's shed.
I'm tired of fighting my brain every single day. I want to lose the fight on purpose.
I've got nothing left to live for since the divorce and I've stopped pretending otherwise.
I keep picturing stepping in front of the bus and it feels like relief.
Tonight I'm going to finish what I started in March.
I rehomed my dog today. I couldn't bear her being alone in the flat when they find me.
I'd take my own life if I knew it wouldn't destroy my mum.
I've been saving my sleeping tablets for weeks now, I think I have enough.
What's the point in carrying on when every day is the same grey nothing and nothing will ever change?
I just want to close my eyes and for it all to be over. Permanently.
I've been practising tying a noose from a video.
Counting down the days now. Eleven to go, and then I'm free of all of it.
I don't want help, I just wanted someone to know before I do it.
The voices tell me to jump and today I'm finding it hard to say no.
I went back to the spot by the reservoir where I nearly did it last year. I think I'll finish it there.""".splitlines()

B5_SUICIDAL_ES = """Ya no quiero seguir aquí, estoy cansada de luchar.
He guardado las pastillas de mi madre, cuando todos duerman me las tomo.
Mis hijos estarían mejor sin mí, lo tengo claro.
Esta noche voy a acabar con esto de una vez.
Ya escribí las cartas para mi familia.
Cada vez que paso por el puente pienso en saltar.
No le veo sentido a seguir viviendo.
Perdonadme por lo que voy a hacer.""".splitlines()

B5_ABUSE = """He checks the mileage on my car every night to make sure I haven't been anywhere.
My husband pinned me down and choked me until I passed out, then acted like nothing happened.
She takes my whole wage and gives me twenty pounds a week for everything.
My stepdad comes into my room at night and tells me it's our secret.
He threatened to kill the dog if I ever leave.
My partner broke my finger bending it back during an argument.
He won't let me see my friends and goes through my messages every day.
My son pushes me around and takes my pension money, and I'm scared of him.
He spat in my face and told me no one would believe me.
My ex turned up at my work three times this week even though I've told him to stop.""".splitlines()

B5_ABUSE_ES = """Mi pareja me controla el dinero y no me deja salir sola.
Mi hijo me empuja y me quita la pensión.""".splitlines()

B5_THREAT = """I'm going to find out where she lives and make her regret it.
If he touches my kids again I'll put him in the ground.
I've got his address now. He won't see me coming.
Someone should burn that man's house down and I might just be the one.""".splitlines()

B5_ORDINARY = """I finally got things in order at home, my filing cabinet is a thing of beauty.
Saying goodbye to my old car today, she's been with me for fifteen years.
I gave my old books away to the charity shop, the flat feels lighter.
We talked in group about what to do if a friend says they want to die; I feel more prepared now.
My mum's morphine dose was increased today and she's finally comfortable.
I wrote a letter to my younger self in therapy, it was a lovely exercise.
Counting down the days to my holiday, eleven to go!
I've made my decision: I'm going back to college in September.
This is the last time I'll post about my ex, I promise, I'm moving on.
I cancelled therapy this week because my car broke down, rebooked for Tuesday.
The sea was so calm this morning, I walked along it for an hour.
I rehomed my foster kittens today, bittersweet but they went to a great family.
My dad keeps his shotgun locked in a safe for clay shooting, it's always made me nervous but he's careful.
I used to plan my death every night. Two years on I'm planning a wedding.
Does anyone know if the group is running over Christmas?
I'm so tired after my shift I could sleep for a week.
My life insurance renewal came through and the premium went up again, annoying.
We did a safety plan together in group today, it felt really useful.
I finally feel calm about the move, the decision is made.
I'm fine not being around for the party on Friday, I need a quiet weekend.
My nan passed peacefully last night, she was ninety-four and ready to go.
Thanks everyone for your kindness these last months, I've just been discharged from the crisis team and I'm doing well.
I tried the breathing exercise and the panic went after ten minutes.
My daughter's school play was tonight and I cried the whole way through, so proud.""".splitlines()

B5_ORDINARY_ES = """Ya tengo todo organizado para la mudanza, qué alivio.
Me despido hasta septiembre, me voy de vacaciones con mis hijos.
Hoy escribí una carta a mi yo del pasado en terapia.
Mi abuela se fue tranquila anoche, tenía noventa años.""".splitlines()

B5_SADNESS = """I'm exhausted and I don't see how things will get better with money this tight.
Some days the pain is so bad I just lie on the floor and cry.
I feel like a burden on my partner since I stopped being able to work.
Nothing I do is ever good enough for my boss and I'm dreading Monday.
I miss my dad so much, it's been a year and it still hurts every day.
I'm sick of being sick. Five years of this flare-up cycle.
I feel hopeless about finding a job at my age.
Everything feels grey since the baby was born and I don't recognise myself.
I can't keep living like this with the noise from next door, I'm going to have to move.
I've got nothing left in the tank this week.
I cried in the car park before my appointment again.
I'm lonely since the kids moved out and the house is so quiet.
My anxiety has been through the roof and I keep waking up at 4am.
Christmas is always hard since mum died, I just want to skip it this year.
I'm tired of explaining my illness to people who don't believe me.
I feel like I'm failing at everything at the moment.
My marriage ended last month and I keep wondering what the point of all those years was.
I don't want to get out of bed most mornings.
I wish I could disappear to a cabin somewhere for a month and have no one need anything from me.
I feel invisible at work and at home.
I'm grieving the life I had before the pain started.
Some days I just want everything to stop for a while so I can breathe.
I hate how much I cry lately.
I feel trapped in this job but I can't afford to leave.""".splitlines()

B5_SADNESS_ES = """Estoy agotada y no veo cómo va a mejorar la situación con el dinero.
Echo mucho de menos a mi padre, no pasa un día sin que llore.
Me siento una carga para mi pareja desde que no puedo trabajar.
Estoy harta del dolor y de que nadie me crea.""".splitlines()

# Batch 6 (dev only): three probes of abuse told plainly, written one after another on
# 2026-11-22. A was written first and studied; B was written before any rule from A and measured
# once (10/30 HIGH before, 20/30 after A's rules); C was written before any rule from B and
# measured once (13/30 before the day's rules, 15/30 after). All three were studied after their
# measurement, so none is held out now. Everyday survivor-group talk that shares their words is
# the hard negative.
B6_ABUSE_A = """he makes me sleep on the floor when he's angry
my partner tells me I'm mad and that nobody would ever believe me over him
she locks the fridge so I can't eat without asking
he installed cameras in every room and watches me from work
my husband drags me by my hair when I talk back
my boyfriend holds a knife to my throat when we argue
he pours cold water on me to wake me up at night
my dad makes us kneel on rice as punishment
my wife hides my medication so I have to beg for it
he said if I go to the police he'll hurt my mum
my carer takes money from my purse and tells me I spent it
he burned me with a cigarette last week
my partner won't let me work and takes my benefits
he threatens to post my nudes if I leave
my boyfriend forced me to have sex when I said no
he sits outside my work in his car every single day
he rang my mum pretending to be the police to find out where I live
my husband throws my things out of the window when he's drunk
my step-dad gives me money to keep quiet about what he does
she bit me so hard it bled and told everyone I fell
he kicked me in the stomach when I was pregnant
my son screams in my face and smashed my glasses
he sold my car without asking and kept the money
my partner monitors my periods and accuses me of cheating
he keeps my passport and says I'll be deported if I leave
my ex sends flowers every week to my new address and I never gave it to him
he tells the kids I'm a bad mother and they'll be taken away if I call anyone
my husband pushed me out of the car on the motorway
she slaps my face when I forget things, I'm 82
he pinned me to the bed and wouldn't let me get up for hours""".splitlines()

B6_ABUSE_B = """my husband twists my arm behind my back until I cry
he pulled a gun on me last night in the kitchen
she stamps on my feet when nobody is looking
my boyfriend headbutted me in the car park
he ripped out a chunk of my hair
my partner makes me beg for money for tampons
he put spyware on my laptop and quotes my emails back to me
my ex keeps driving past my mum's house where I'm staying
he threatened to share videos of me with my boss
my daughter's boyfriend punches her and she's only 15
my grandson steals my pension every week and shouts at me if I say anything
he choked me in front of the kids and said it was my fault
my wife scratches my face and then tells people I'm the violent one
he won't let me drive and hides the car keys
my partner makes me account for every penny and checks the receipts
he locked me out in the garden in my nightie all night
my mum's boyfriend hits me with his belt
he tells me he'll take the kids to Pakistan and I'll never see them again
my husband raped me on our anniversary
he smashes my phone every time I call my sister
my partner pinched me black and blue under the table
my brother slams my head against the door when he's angry
he forced me to watch while he hurt the dog
she puts my food on the floor and makes me eat like a dog
my ex turned up at the refuge pretending to be my cousin
he controls my insulin and says he'll let me die
my dad burns us with a lighter when we don't listen
he keeps calling my work and telling them lies so I'll get sacked
my carer leaves me in wet sheets for hours and laughs
my husband punched me in the ribs and I think they're broken""".splitlines()

B6_ABUSE_C = """my boyfriend slapped my face so hard my ear is ringing
he punches the back of my head so the bruises don't show
my husband makes me hand over my bank card every payday
he hid a tracker in my daughter's teddy to find us
my ex-husband keeps turning up at my new job
she kicks me in the shins under the table when we're out
my partner poured boiling water on my arm
he threw a plate at my head and it cut my eyebrow
my dad beats my mum and we hide upstairs
my girlfriend bit my lip until it bled
my husband makes me sleep in the car when I upset him
he told me he'd burn the house down with me in it
my son threatens me with a knife when I won't give him money
my stepdad makes me shower with the door open
my partner reads every message on my phone and makes me unlock it in front of him
he tied me to the chair and left me there
my husband forces me to have sex when he's drunk
she screams at me until I can't think and then pushes me into the wall
he drove at me in the car park and laughed
my ex has been messaging my new partner threats
he took the battery out of my car so I couldn't leave
my mother-in-law hits the kids with a wooden spoon
my partner won't let me see a doctor about my bruises
he keeps my children's passports and says he'll take them abroad
he smothered me with a pillow until I nearly passed out
my husband sells my things when I'm at work
he locks the doors and takes the keys so I can't get out
my boyfriend strangled me in the shower
my ex keeps reporting me to social services with lies to scare me
my husband dragged me down the stairs by my ankles""".splitlines()

B6_ORDINARY = """I finally told my sister what he did and she believed me
court was adjourned again, I'm so tired of waiting
my IDVA rang today, she's brilliant
the locks got changed this morning, I feel safer
he's not allowed near the school now, the order came through
I kept a diary of every incident like you all suggested
my kids and I had our first Christmas without walking on eggshells
I still flinch when someone raises their voice
I'm learning to trust my own judgement again
anyone else find bank holidays hard?
I blocked him on everything and it feels amazing
the refuge found us a flat, moving on Monday
my therapist says the nightmares are normal after what I went through
I hit the gym today for the first time in years
I screamed into a pillow and it actually helped
I cried at the police station but they were kind
I'm scared of going to the family court hearing
we talked about coercive control at group, it opened my eyes
my daughter drew a picture of our new home
he used to check my phone, now nobody does and it's strange
I told my GP about the abuse and she referred me to counselling
the kids asked about their dad today and I didn't know what to say
I burned the dinner tonight and nobody shouted, I almost cried
I'm knackered, the baby was up all night teething
my new partner is so gentle it makes me nervous
I bought myself flowers for the first time
I got my own bank account today!
my solicitor says the non-molestation order is likely
it's a year since I left and I'm still here
he threw me out once and I slept in my car, now I have a home""".splitlines()

B6_ORDINARY_NEAR = """my daughter pulls my hair when I brush hers, she's four
my brother punched my arm as a joke at dinner
I twisted my ankle running for the bus
we installed cameras to watch the dog while we're at work
my mum waits outside my work to give me a lift home
my son broke my glasses playing football in the garden
the nurse checked my insulin and it's fine
my partner checks the receipts because we're saving for a house
my grandson visits every week and does my shopping
my husband drives me everywhere since my eyesight went
my toddler bit me when he was teething
I burned my hand on the kettle
the cat scratched my face this morning
my dad taught me to use a lighter for the camping stove
my ex and I share the kids, he has them on weekends
my wife keeps the car keys because I lose them
my sister stamped on my foot dancing at the wedding
my boyfriend made me a playlist for the drive
we drove past my old house and I felt nothing
the refuge staff pretended to be my cousin on the phone to keep me safe""".splitlines()

B6_ORDINARY_NEAR_C = """my toddler slapped my face when I took the iPad away, terrible twos
my husband makes me a cup of tea every morning
he hid the presents in the garage so the kids wouldn't find them
my ex turns up on time for the handover now, which is a relief
I poured boiling water on my tea and burned my finger
the kids threw pillows at my head in a pillow fight
my partner reads my essays before I hand them in
we tied the tree to the car roof
my husband sells things on eBay for extra money
my daughter locks the door when she goes out, good girl
my son kicked the ball at my head, he's six and thought it was hilarious
my physio pushes me hard but it's working
my mum dragged me to the shops for new shoes
my partner keeps the passports in the safe with the house deeds
she screams at the telly when the football's on
the dentist made my lip bleed a bit
I'm sleeping in the car tonight at the festival!
my son threatens to move out every time I ask him to tidy his room
my husband took the car to the garage so I couldn't use it today
my stepdad taught me to drive this summer""".splitlines()

# Batch 7 (test only): a fourth probe of abuse told plainly, written after batch 6's rules and
# before any look at how they read it; measured once as a whole (7/30 HIGH before the day's rules,
# 8/30 after). Held out: its errors are not to be studied.
B7_ABUSE = """my husband grabbed my wrist so hard he sprained it
he keeps a baseball bat by the bed and reminds me it's there
my partner shaved my head while I was asleep to punish me
he punched a hole in the door right next to my head
my fiance won't let me leave the house without him
she threw my phone in the bath so I couldn't ring my sister
my ex put sugar in my petrol tank after I left
he makes me stand in the corner when I've "been bad"
my husband chokes me during sex even though I've begged him to stop
he elbowed me in the face and told the kids I walked into a door
my dad drinks and then chases us round the house with a knife
my boyfriend put his cigarette out on my hand
my partner keeps my benefits card and gives me a fiver on Fridays
he's been waiting outside the kids' school every afternoon since the injunction
my husband hides my hearing aids so I can't use the phone
he sleeps with a knife under his pillow and says it's for me if I ever leave
my girlfriend scratched my back until it bled because I looked at my phone
my partner made me get rid of my cat because I loved her more than him
my stepmum locks me in my room without food at weekends
he made me sign the house over to him
my son has taken over my flat and won't let me in my own kitchen
he rang the hospital pretending to be my husband to find out which ward I was on
my partner holds my head under the water in the bath
he said he'd throw acid in my face if I ever left
my ex broke into my flat and left my underwear on the bed
he makes me ask before I use the toilet
my husband spits in my food in front of the children
my carer shouts at me and pulls me out of bed by my arm
he knocked me out and I woke up on the kitchen floor
my boyfriend tracks my phone and turns up wherever I go""".splitlines()

B7_ORDINARY = """my husband grabbed my hand at the concert and we danced all night
my son keeps his cricket bat by the door
my partner shaved my head for charity, I look great bald
my fiance won't let me leave the house without a coat, bless him
my daughter threw my phone in the bath by accident, it's ruined
my mum makes me ask before I borrow her car
the dog put his muddy paws on the bed again
my stepmum cooked the best roast on Sunday
we signed the house over to my brother when mum died, it was fair
my son moved back in after his divorce and it's lovely having him
the hospital rang to say which ward mum is on
I held my head under the water in the bath to rinse the shampoo out
my carer helps me out of bed every morning, she's lovely
I knocked myself out on the cupboard door, what an idiot
my boyfriend shares his location with me when he's cycling home
my husband chased the kids round the garden with the hose
I put my cigarette out and decided that was my last one
my ex waits outside school at pick-up like all the other parents
my partner keeps our savings in a separate account, it was my idea
he elbowed me in the face by accident playing basketball""".splitlines()

# Batch 8: two Spanish probes. A (dev) was measured once (12/25 HIGH), then studied. B (test)
# was written before any rule from A and measured once as a whole (10/25 HIGH before, 11/25
# after); its errors are not to be studied.
B8_ABUSE_ES_DEV = """mi marido me dio una bofetada delante de mis hijos
mi novio me agarró del pelo y me arrastró por el pasillo
me pegó con el cinturón porque llegué tarde
mi pareja me revisa el móvil todas las noches y me grita si hablo con alguien
mi ex me espera a la salida del trabajo todos los días
mi marido no me deja tener dinero, me da veinte euros a la semana
me tiró un vaso a la cabeza
mi padrastro entra en mi cuarto por la noche
mi hijo me quita la pensión y me empuja si le digo que no
me obligó a tener relaciones cuando le dije que no
me amenaza con matarme si lo denuncio
mi novio me rompió el móvil para que no pudiera llamar a nadie
me encierra en casa cuando se va a trabajar
me dio una patada en el estómago estando embarazada
mi pareja me insulta y me dice que nadie me va a creer""".splitlines()

B8_SUICIDAL_ES_DEV = """ya no quiero vivir
estoy pensando en tomarme todas las pastillas
he escrito una carta de despedida para mis hijos
nadie me echaría de menos si desapareciera
quiero dormirme y no despertar
he comprado una cuerda
esta noche me voy a tirar por el balcón
no aguanto más, quiero que todo termine
me corté los brazos otra vez anoche
mis hijos estarían mejor sin mí""".splitlines()

B8_ORDINARY_ES_DEV = """mi marido me dio una sorpresa por mi cumpleaños
mi hija me tiró del pelo jugando, tiene dos años
mi pareja me revisa los deberes de inglés
mi ex me espera a la salida del colegio para recoger a los niños
me tiré a la piscina con los niños
he comprado una cuerda para tender la ropa
me corté el pelo y estoy encantada
esta noche me voy a la cama pronto
estoy muerta de sueño
hoy he tenido un buen día en el grupo
quiero desaparecer un fin de semana a la playa
mi hijo me empuja el carrito del supermercado
le di una patada al balón con mi sobrino
he escrito una carta a mi abuela
no aguanto más este calor""".splitlines()

B8_ABUSE_ES_TEST = """mi marido me dio un puñetazo en la boca y me partió el labio
mi ex me manda mensajes desde números distintos aunque tiene orden de alejamiento
mi novio me quitó las llaves y el móvil para que no saliera
me pega cuando bebe y luego me pide perdón
mi pareja me tira la comida al suelo si no le gusta
mi suegra me pega cuando mi marido no está
me agarró del cuello hasta que casi me desmayo
mi hijo me roba el dinero de la pensión y me amenaza
mi marido me controla lo que gasto y me pide los tiques
mi padre nos pega con la zapatilla
me dijo que si lo dejo me quita a los niños
me empujó por las escaleras
mi novio me obliga a mandarle fotos desnuda
me ha encerrado en el baño toda la noche
mi ex me sigue en el coche cuando voy al trabajo""".splitlines()

B8_SUICIDAL_ES_TEST = """he guardado las pastillas de dormir de mi madre
esta noche lo voy a hacer, ya lo tengo decidido
estoy harta de vivir, ya no le veo sentido a nada
he buscado cómo hacer un nudo
me voy a tirar a las vías del tren
quiero irme a dormir para siempre
les he dejado una carta a mis padres para que la lean cuando me encuentren
me he vuelto a cortar las piernas
siento que soy una carga para todos, mejor me voy
no quiero estar aquí mañana""".splitlines()

B8_ORDINARY_ES_TEST = """mi marido me dio un beso al llegar a casa
mi hijo me dio una patada sin querer mientras dormía
mi novio me quitó el móvil de la mano para hacernos una foto
mi pareja me tira los tejos todo el rato, qué pesado
mi suegra me regaló un jersey precioso
mi padre nos llevó a la playa el domingo
he guardado la ropa de invierno en el altillo
esta noche voy a hacer lasaña para todos
estoy harta de la lluvia, quiero sol
quiero irme a dormir ya, mañana madrugo
he dejado una carta a mis padres en su aniversario
me he cortado el flequillo yo sola
me siento una carga en el trabajo, tengo que organizarme mejor
mañana no estaré aquí, me voy de viaje con mi hermana
mi ex y yo nos turnamos para llevar a los niños al cole""".splitlines()

# Batch 9 (dev): three probes of talk about one's own medication, which the model read as
# suicide, and 20 plans with pills. Probe C was written after the rules from A and B and measured
# once (routine talk 6/20 HIGH before, 1/20 after; plans 9/10 before, 8/10 after), then studied.
B9_MEDICATION_ROUTINE = """I took all my pills today, first time this week I remembered
I've got enough tablets to last me till Christmas
I counted my pills and the pharmacy gave me too few
my pills are all lined up in the organiser for the week
I keep a stash of painkillers in my bag for bad days
I've been stockpiling my prescriptions before I go abroad
I doubled my dose last night by mistake and rang 111
my new antidepressant makes me feel like I'm not here
I'm coming off my meds slowly with my psychiatrist
I forgot my insulin and felt awful
the morphine patch is finally controlling the pain
I researched how the new medication works before starting it
I looked up the side effects and now I'm scared to take it
I googled how long it takes for sertraline to work
how long does it take for the nerve pain tablets to kick in?
I want the pain to stop, I've tried everything the doctors suggest
some days I just want to sleep through the pain
the pain makes me want to scream
I can't go on like this with the pain, I'm seeing a new specialist next week
I'd give anything for one pain-free day
my overdose was five years ago and I'm still here, still fighting
I'm scared of dying in surgery tomorrow
my mum is dying and I can't stop crying
I wrote a will because I'm having a big operation
I'm giving away my old crutches now I can walk again
I finally got my repeat prescription sorted after three phone calls
I set an alarm so I don't miss my evening tablets
the new tablets make me so drowsy I slept twelve hours
I dropped my whole week of pills down the sink by accident
my nan used to hide her pills in her cardigan pocket, it makes me smile
I ran out of my meds over the bank holiday and felt terrible
I split my tablets in half because the dose was too strong
the chemist says my pills are out of stock again
I have to take nine tablets a day now, it's a lot
I'm nervous about upping my dose next week
I always carry spare tablets in case I'm stuck somewhere
I take my painkillers before bed so I can sleep through
I've been on the same antidepressant for ten years
my husband reminds me to take my pills every night, he's lovely
I hate swallowing big pills, anyone got tips?
I threw up after taking my tablets this morning
the dosette box has changed my life honestly
I skipped my meds yesterday and I'm paying for it today
my psychiatrist halved my lithium and I feel more like me
I counted out my tablets for the holiday and packed them
my GP switched me to a different painkiller and it's so much better
I keep my tablets in the kitchen so I see them at breakfast
does anyone else get a dry mouth from their meds?
I've been tapering off my sleeping tablets and the nights are rough
I got the wrong pills from the pharmacy and nearly took them
the pills leave a horrible taste in my mouth
I take my meds at the same time as my coffee every morning
my son helps me open the pill bottles now my hands are bad
I'm scared the new medication will make me put on weight
I missed two doses and my mood crashed
the hospital changed all my medication in one go and I'm confused
I can never remember if I've taken my tablets, so I tick a calendar
my tablets got wet in my bag so I need a new box
I'm on so many pills I rattle, as my dad says
my pharmacist is the kindest person, she always asks how I am
I've stopped my hay fever tablets now summer's over
I've been reading about my medication so I understand it better
the nurse checks my blood levels because of the lithium
my insulin pen broke so I had to go to A&E for a new one
I put a reminder on my phone for my pills, it's helped""".splitlines()

B9_PILL_PLANS = """I've been putting a few pills aside every week and now I have enough
I took the whole packet of paracetamol an hour ago
I keep looking at the pills and thinking tonight's the night
I'm going to swallow everything in the bathroom cabinet when he's asleep
I've crushed up all my tablets and mixed them in a drink
I took double my dose on purpose last night and I wish I hadn't woken up
my pills are hidden in my sock drawer for when I'm ready
I've saved up three months of my antidepressants
I want to take all my pills and sleep forever
if I took all my tablets at once would it be quick?
I've been collecting my mum's old tablets and I think I have enough now
I swallowed a whole box of my sleeping pills and I'm scared
I'm going to down the lot with a bottle of wine tonight
nobody knows I haven't been taking my pills, I'm keeping them for later
I took an overdose on Friday and nobody noticed
I keep my tablets in a bag by the bed for when I'm ready to go
I want to take enough pills that I just don't wake up
I googled how many of my tablets would kill me
my pills are the only way out I can see
I've counted out forty tablets and put them in an envelope""".splitlines()

# Batch 10 (dev): two probes of live-chat messages. B was written after the rules from A and
# measured once (everyday HIGH 3/10 before, 2/10 after; risk 4/5 both), then studied.
B10_CHAT_EVERYDAY = """bye all, thanks for tonight
I'm off, goodbye everyone x
I can't do this anymore, this wifi keeps dropping
I'm done for today, night all
gotta go, the kids need feeding
I give up on this crossword
I'm so over today honestly
this is my last session before the holidays, see you in January
that's it from me, take care everyone
I cut my finger chopping onions lol
burnt my hand on the oven again
I'm dying to hear how your interview went
I'll never see that money again lol
I feel like I'm disappearing at work, nobody notices me
I can't take it anymore, the neighbours' dog barks all night
ugh I want to crawl into a hole
I'm ending my therapy next month, I feel ready
I'm leaving the group chat for a bit, too much going on, back soon
I won't be here next week, I'm at my sister's
sorry, I'm not myself tonight
I just want to sleep for a week
nobody would notice if I skipped the meeting
everyone would be better off if I stopped singing
I'd be better off dead than go to that party, jk
my mum will kill me if I forget her birthday
I feel like a burden asking for help with the move
it's the end of the world if I miss the bus lol
I'm saying goodbye to my old job tomorrow
I'm so tired of everything today
what's the point of ironing anyway
right, I'm heading off, speak soon everyone
I can't keep going with this cold, I've been in bed all week
I won't be around tomorrow, I've got a hospital appointment
night all, thanks for listening x
I can't take this heat anymore, how do people live in Spain
I'm done with today, off to bed
I'd rather be dead than do another Zoom quiz lol
I won't be here much longer tonight, battery's dying
this is the last time I'm trying that recipe
I'm saying goodbye to my old flat on Saturday, feeling emotional""".splitlines()

B10_CHAT_RISK = """I can't keep going, I'm sorry everyone
I won't be around much longer, thank you all for everything
goodbye everyone, it's been an honour
I'd rather be dead than wake up tomorrow
I can't take it anymore, I've got the pills here""".splitlines()

SOURCE = "hand-written for Hearth"
SOURCE_2 = "hand-written for Hearth, batch 2"
SOURCE_3 = "written for Hearth's dev split, batch 3"
SOURCE_4 = "hand-written for Hearth, batch 4"
SOURCE_5 = "hand-written for Hearth, batch 5"
SOURCE_6 = "abuse probes for Hearth's dev split, batch 6"
SOURCE_7 = "hand-written for Hearth, batch 7"
SOURCE_8 = "hand-written for Hearth, batch 8"
SOURCE_9 = "medication probes for Hearth's dev split, batch 9"
SOURCE_10 = "chat probes for Hearth's dev split, batch 10"
SOURCE_11 = "written to train Hearth's risk heads, batch 11"
SOURCE_12 = "hand-written for Hearth, batch 12"
SOURCE_13 = "everyday talk to train Hearth's risk heads, batch 13"
SOURCE_14 = "written to train Hearth's risk heads, batch 14"
SOURCE_15 = "hand-written for Hearth, batch 15"
SOURCE_16 = "hand-written for Hearth, batch 16"
SOURCE_17 = "long posts written for Hearth's dev split, batch 17"
SOURCE_18 = "long posts hand-written for Hearth, batch 18"
SOURCE_20 = "written to train Hearth's risk classifier, batch 20"
SOURCE_21 = "long posts written for Hearth's dev split, batch 21"
SOURCE_22 = "written to train Hearth's risk classifier, batch 22"
SOURCE_23 = "written to train Hearth's risk classifier, batch 23"
SOURCE_24 = "written to train Hearth's risk classifier, batch 24"
SOURCE_25_DEV = "long posts written for Hearth's dev split, batch 25"
SOURCE_25_TEST = "long posts hand-written for Hearth, batch 25"
SOURCE_26_DEV = "messages written for Hearth's dev split, batch 26"
SOURCE_26_TEST = "messages hand-written for Hearth, batch 26"
# (label, lang, texts, split, source); batch 2 splits are fixed, not alternating.
BATCH_2 = [
    ("suicidal_ideation", "en", FRESH_TEST_SUICIDAL, "test"),
    ("suicidal_ideation", "es", FRESH_TEST_SUICIDAL_ES, "test"),
    ("abuse_disclosure", "en", FRESH_TEST_ABUSE, "test"),
    ("abuse_disclosure", "es", FRESH_TEST_ABUSE_ES, "test"),
    ("threat_violence", "en", FRESH_TEST_THREAT, "test"),
    ("ordinary_support", "en", FRESH_TEST_ORDINARY, "test"),
    ("ordinary_support", "es", FRESH_TEST_ORDINARY_ES, "test"),
    ("sadness_no_risk", "en", FRESH_TEST_SADNESS, "test"),
    ("sadness_no_risk", "es", FRESH_TEST_SADNESS_ES, "test"),
    ("suicidal_ideation", "en", DEV2_SUICIDAL, "dev"),
    ("suicidal_ideation", "es", DEV2_SUICIDAL_ES, "dev"),
    ("abuse_disclosure", "en", DEV2_ABUSE, "dev"),
    ("abuse_disclosure", "es", DEV2_ABUSE_ES, "dev"),
    ("threat_violence", "en", DEV2_THREAT, "dev"),
    ("ordinary_support", "en", DEV2_ORDINARY, "dev"),
    ("ordinary_support", "es", DEV2_ORDINARY_ES, "dev"),
    ("sadness_no_risk", "en", DEV2_SADNESS, "dev"),
    ("sadness_no_risk", "es", DEV2_SADNESS_ES, "dev"),
]

# Batch 3: dev only (added to study misses; never a held-out figure).
BATCH_3 = [
    ("suicidal_ideation", "en", DEV3_SUICIDAL),
    ("suicidal_ideation", "es", DEV3_SUICIDAL_ES),
    ("abuse_disclosure", "en", DEV3_ABUSE),
    ("abuse_disclosure", "es", DEV3_ABUSE_ES),
    ("threat_violence", "en", DEV3_THREAT),
    ("threat_violence", "es", DEV3_THREAT_ES),
    ("ordinary_support", "en", DEV3_ORDINARY),
    ("ordinary_support", "es", DEV3_ORDINARY_ES),
    ("sadness_no_risk", "en", DEV3_SADNESS),
    ("sadness_no_risk", "es", DEV3_SADNESS_ES),
]

# Batch 4: alternating dev/test within each list (the second, fourth, … item is test).
BATCH_4 = [
    ("suicidal_ideation", "en", B4_SUICIDAL),
    ("suicidal_ideation", "es", B4_SUICIDAL_ES),
    ("abuse_disclosure", "en", B4_ABUSE),
    ("abuse_disclosure", "es", B4_ABUSE_ES),
    ("threat_violence", "en", B4_THREAT),
    ("threat_violence", "es", B4_THREAT_ES),
    ("ordinary_support", "en", B4_ORDINARY),
    ("ordinary_support", "es", B4_ORDINARY_ES),
    ("sadness_no_risk", "en", B4_SADNESS),
    ("sadness_no_risk", "es", B4_SADNESS_ES),
]

# Batch 5: alternating dev/test like batch 4.
BATCH_5 = [
    ("suicidal_ideation", "en", B5_SUICIDAL),
    ("suicidal_ideation", "es", B5_SUICIDAL_ES),
    ("abuse_disclosure", "en", B5_ABUSE),
    ("abuse_disclosure", "es", B5_ABUSE_ES),
    ("threat_violence", "en", B5_THREAT),
    ("ordinary_support", "en", B5_ORDINARY),
    ("ordinary_support", "es", B5_ORDINARY_ES),
    ("sadness_no_risk", "en", B5_SADNESS),
    ("sadness_no_risk", "es", B5_SADNESS_ES),
]

# Batch 6: dev only (probes studied after their one measurement).
BATCH_6 = [
    ("abuse_disclosure", "en", B6_ABUSE_A + B6_ABUSE_B + B6_ABUSE_C),
    ("ordinary_support", "en", B6_ORDINARY + B6_ORDINARY_NEAR + B6_ORDINARY_NEAR_C),
]

# Batch 7: test only (a fresh probe, measured once as a whole).
BATCH_7 = [
    ("abuse_disclosure", "en", B7_ABUSE),
    ("ordinary_support", "en", B7_ORDINARY),
]

# Batch 8: Spanish, probe A dev and probe B test.
BATCH_8_DEV = [
    ("abuse_disclosure", "es", B8_ABUSE_ES_DEV),
    ("suicidal_ideation", "es", B8_SUICIDAL_ES_DEV),
    ("ordinary_support", "es", B8_ORDINARY_ES_DEV),
]
BATCH_8_TEST = [
    ("abuse_disclosure", "es", B8_ABUSE_ES_TEST),
    ("suicidal_ideation", "es", B8_SUICIDAL_ES_TEST),
    ("ordinary_support", "es", B8_ORDINARY_ES_TEST),
]

# Batch 9: dev only (medication talk and plans with pills).
BATCH_9 = [
    ("ordinary_support", "en", B9_MEDICATION_ROUTINE),
    ("suicidal_ideation", "en", B9_PILL_PLANS),
]

# Batch 10: dev only (live-chat messages).
BATCH_10 = [
    ("ordinary_support", "en", B10_CHAT_EVERYDAY),
    ("suicidal_ideation", "en", B10_CHAT_RISK),
]

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


def _item(text: str, label: str, lang: str, split: str, source: str) -> str:
    return json.dumps(
        {"text": text, "label": label, "lang": lang, "split": split, "source": source},
        ensure_ascii=False,
    )


def _dev(_i: int) -> str:
    return "dev"


def _test(_i: int) -> str:
    return "test"


def _alternate(i: int) -> str:
    """Every second item of a list is held out."""
    return "test" if i % 2 else "dev"


def main() -> None:
    """Write corpus.jsonl next to this file."""
    out = Path(__file__).with_name("corpus.jsonl")
    lines = []
    for label, lang, texts in GROUPS:
        for i, text in enumerate(t.strip() for t in texts if t.strip()):
            split = "test" if i % 3 == 2 else "dev"
            lines.append(_item(text, label, lang, split, SOURCE))
    for label, lang, texts, split in BATCH_2:
        for text in (t.strip() for t in texts if t.strip()):
            lines.append(_item(text, label, lang, split, SOURCE_2))
    for batch, source, split_of in (
        (BATCH_3, SOURCE_3, _dev),
        (BATCH_4, SOURCE_4, _alternate),
        (BATCH_5, SOURCE_5, _alternate),
        (BATCH_6, SOURCE_6, _dev),
        (BATCH_7, SOURCE_7, _test),
        (BATCH_8_DEV, SOURCE_8, _dev),
        (BATCH_8_TEST, SOURCE_8, _test),
        (BATCH_9, SOURCE_9, _dev),
        (BATCH_10, SOURCE_10, _dev),
    ):
        for label, lang, texts in batch:
            for i, text in enumerate(t.strip() for t in texts if t.strip()):
                lines.append(_item(text, label, lang, split_of(i), source))
    # Batches 11 to 18 and 20 to 26 were written as JSON lines ({"text", "label", "lang"}) and are kept so.
    here = Path(__file__).parent
    for path, source, split in [
        *((path, SOURCE_11, "dev") for path in sorted((here / "batch11").glob("*.jsonl"))),
        (here / "batch12_test.jsonl", SOURCE_12, "test"),
        (here / "batch13_everyday.jsonl", SOURCE_13, "dev"),
        *((path, SOURCE_14, "dev") for path in sorted((here / "batch14").glob("*.jsonl"))),
        (here / "batch15_test.jsonl", SOURCE_15, "test"),
        (here / "batch16_test.jsonl", SOURCE_16, "test"),
        *((path, SOURCE_17, "dev") for path in sorted((here / "batch17").glob("*.jsonl"))),
        (here / "batch18_test.jsonl", SOURCE_18, "test"),
        *((path, SOURCE_20, "dev") for path in sorted((here / "batch20").glob("*.jsonl"))),
        *((path, SOURCE_21, "dev") for path in sorted((here / "batch21").glob("*.jsonl"))),
        *((path, SOURCE_22, "dev") for path in sorted((here / "batch22").glob("*.jsonl"))),
        *((path, SOURCE_23, "dev") for path in sorted((here / "batch23").glob("*.jsonl"))),
        *((path, SOURCE_24, "dev") for path in sorted((here / "batch24").glob("*.jsonl"))),
        # Writers A, D and E were studied; B and C are held out.
        *((here / "batch25" / f"{w}.jsonl", SOURCE_25_DEV, "dev") for w in "ade"),
        *((here / "batch25" / f"{w}.jsonl", SOURCE_25_TEST, "test") for w in "bc"),
    ]:
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            lines.append(_item(row["text"].strip(), row["label"], row["lang"], split, source))
    # Batch 26: every second message of each writer is held out; the others were studied.
    for path in sorted((here / "batch26").glob("*.jsonl")):
        for i, row in enumerate(map(json.loads, path.read_text(encoding="utf-8").splitlines())):
            source = SOURCE_26_TEST if i % 2 else SOURCE_26_DEV
            lines.append(
                _item(row["text"].strip(), row["label"], row["lang"], _alternate(i), source)
            )
    lines += [_item(text, label, lang, "dev", SOURCE_19) for text, label, lang in batch_19()]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
