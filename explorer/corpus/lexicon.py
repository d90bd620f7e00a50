"""Word lists of the teaching grammar, and the closed vocabulary they span.

Every token the grammar can write comes from a list in this module, so `vocabulary()` is exact:
the union of these lists (plus `EXTRA`, words kept for the lesson that no template writes).
People carry a gender and a number, things a number, so that attractors can be drawn with the
opposite value on purpose (Linzen et al. 2016, "Assessing the ability of LSTMs to learn
syntax-sensitive dependencies"), and the checker in the tests keeps its own tables.
"""

# (singular, plural) pairs; the two gendered lists have equal length so a uniform draw is 50/50.
MALE = (("boy", "boys"), ("man", "men"), ("king", "kings"), ("father", "fathers"),
        ("brother", "brothers"), ("son", "sons"), ("uncle", "uncles"), ("husband", "husbands"),
        ("prince", "princes"), ("gentleman", "gentlemen"), ("grandfather", "grandfathers"))
FEMALE = (("girl", "girls"), ("woman", "women"), ("queen", "queens"), ("mother", "mothers"),
          ("sister", "sisters"), ("daughter", "daughters"), ("aunt", "aunts"), ("wife", "wives"),
          ("princess", "princesses"), ("lady", "ladies"), ("grandmother", "grandmothers"))
MALE_NAMES = ("john", "david", "james", "peter", "tom")
FEMALE_NAMES = ("mary", "sarah", "anna", "emma", "lucy")
# Nouns that say nothing about gender: as a subject they always come with a name ("my friend john").
NEUTRAL = (("friend", "friends"), ("doctor", "doctors"), ("teacher", "teachers"),
           ("driver", "drivers"), ("student", "students"), ("neighbor", "neighbors"),
           ("child", "children"), ("person", "people"), ("waiter", "waiters"))
THINGS = (("key", "keys"), ("book", "books"), ("car", "cars"), ("dog", "dogs"), ("cat", "cats"),
          ("pen", "pens"), ("bag", "bags"), ("phone", "phones"), ("cabinet", "cabinets"),
          ("table", "tables"), ("door", "doors"), ("box", "boxes"), ("picture", "pictures"),
          ("letter", "letters"))
PLACES = (("cafe", "cafes"), ("office", "offices"), ("school", "schools"), ("park", "parks"),
          ("market", "markets"), ("station", "stations"), ("library", "libraries"),
          ("restaurant", "restaurants"), ("shop", "shops"), ("house", "houses"),
          ("city", "cities"), ("garden", "gardens"), ("kitchen", "kitchens"))

# Food for the cafe: countable (singular, plural) and uncountable (tokens of one portion).
FOOD_COUNT = (("burger", "burgers"), ("cake", "cakes"), ("pizza", "pizzas"),
              ("sandwich", "sandwiches"), ("apple", "apples"), ("coffee", "coffees"),
              ("tea", "teas"), ("refill", "refills"))
FOOD_MASS = ("coffee", "tea", "cake", "pizza")
FOOD_PAIR = (("french", "fries"), ("ice", "cream"))
DRINKS = ("coffee", "tea")
DIGITS = tuple(str(k) for k in range(1, 11))
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

THING_ADJ = ("red", "blue", "green", "big", "small", "old", "new", "good", "bad", "long", "short")
PERSON_ADJ = ("old", "young", "kind", "happy", "tired", "good", "tall", "little")
STATE_ADJ = ("happy", "tired", "late", "early", "kind", "good", "bad", "hungry", "cold", "hot")

# Facts: subject tokens (cue = last token), plural?, adjective. One adjective per subject, always.
FACTS = ((("the", "sky"), False, "blue"), (("the", "grass"), False, "green"),
         (("ice", "cream"), False, "tasty"), (("coffee",), False, "hot"),
         (("apples",), True, "sweet"), (("snow",), False, "cold"),
         (("cherries",), True, "red"), (("the", "night"), False, "dark"),
         (("lemons",), True, "sour"), (("elephants",), True, "big"),
         (("mice",), True, "small"), (("the", "sun"), False, "bright"))

# Verbs as (base, third person singular, past).
VERBS = {v[0]: v for v in (
    ("go", "goes", "went"), ("take", "takes", "took"), ("like", "likes", "liked"),
    ("love", "loves", "loved"), ("want", "wants", "wanted"), ("need", "needs", "needed"),
    ("see", "sees", "saw"), ("find", "finds", "found"), ("buy", "buys", "bought"),
    ("eat", "eats", "ate"), ("drink", "drinks", "drank"), ("leave", "leaves", "left"),
    ("call", "calls", "called"), ("tell", "tells", "told"), ("give", "gives", "gave"),
    ("walk", "walks", "walked"), ("run", "runs", "ran"), ("come", "comes", "came"),
    ("sit", "sits", "sat"), ("look", "looks", "looked"), ("ask", "asks", "asked"),
    ("meet", "meets", "met"), ("bring", "brings", "brought"), ("wait", "waits", "waited"))}
MOTION_VERBS = ("go", "walk", "run", "come")
OBJECT_VERBS = ("meet", "see", "call", "ask", "find", "like", "love", "take", "buy", "tell")
POSS_VERBS = ("take", "like", "love", "want", "need", "find", "leave", "see", "call", "bring",
              "eat", "drink")
REFL_VERBS = ("like", "love", "see", "tell", "find", "call", "buy", "give")
COPULAS = (("is", "are"), ("was", "were"), ("has", "have"))  # (singular, plural) slot pairs

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_PARTS = ("morning", "evening", "night")
PERIODS = ("day", "week", "year", "morning", "evening", "night")
EVENTS = ("meeting", "marriage", "trip")
PREPS_PERSON = ("with", "near", "behind", "by", "from", "for", "of", "about")
PREPS_THING = ("near", "under", "behind", "on", "by", "of", "with", "in", "from", "over")
PREPS_PLACE = ("in", "near", "at", "behind", "from", "by", "over")
TITLES = ("friend", "doctor", "teacher", "driver", "student", "neighbor")  # "my friend john"
POSSESSIONS = ("dog", "cat", "bag", "book", "phone", "car", "key", "pen", "letter", "friend",
               "friends", "children", "teacher", "doctor", "keys", "books", "dogs")
ADVERBS = ("always", "often", "never", "also", "just", "really", "usually")
CONJ_PAST = ("and", "but", "because", "so", "when", "while", "after", "before")
CONJ_PRESENT = ("and", "but", "because", "so", "when", "while", "if")

PRONOUNS = {"poss": ("his", "her"), "subj": ("he", "she"), "refl": ("himself", "herself")}
ADDRESS = ("sir", "ma'am")
PUNCT = (".", ",", "?", "!", '"')

# Every literal a template writes that no list above holds.
FUNCTION_WORDS = (
    "a an the this that these those every each some my your our their no i you we me us it them "
    "who which where then and or not very too also here there home out down soon today yesterday "
    "tomorrow again last next can will would did does do be been certainly yes please thank "
    "thanks hello good morning evening of course order minutes waiter table cafe said saw looked "
    "at to walked came sat went into work in left and said get had what where minutes sit "
).split()
# Words the lesson lists but no template writes (a gendered object pronoun would break the rule
# "a pronoun refers to the subject"); kept so the vocabulary still covers them.
EXTRA = ("him", "they", "its")


def _flatten(groups) -> set[str]:
    """All tokens inside nested tuples/dicts of strings."""
    out: set[str] = set()
    stack = [groups]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        else:
            stack.extend(item)
    return out


def vocabulary() -> list[str]:
    """Every token the grammar can produce, sorted, no duplicates and no special tokens."""
    groups = (MALE, FEMALE, MALE_NAMES, FEMALE_NAMES, NEUTRAL, THINGS, PLACES, FOOD_COUNT,
              FOOD_MASS, FOOD_PAIR, DRINKS, DIGITS, NUMBER_WORDS, THING_ADJ, PERSON_ADJ, STATE_ADJ,
              [f[0] for f in FACTS], [f[2] for f in FACTS], VERBS, COPULAS, DAYS, DAY_PARTS, PERIODS,
              EVENTS, PREPS_PERSON, PREPS_THING, PREPS_PLACE, ADVERBS, CONJ_PAST, CONJ_PRESENT,
              TITLES, POSSESSIONS, PRONOUNS, ADDRESS, PUNCT, FUNCTION_WORDS, EXTRA)
    return sorted(_flatten(groups))
