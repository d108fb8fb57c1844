#!/usr/bin/env python3
"""Build a realistic stream of mainstream news (wire copies, updates, rewrites) for the
provenance benchmark, from the ECB+ dev set (read in place, never copied into the repo).

    python3 make_stream.py --set /work/shared/eval/ecbplus --out /tmp/provbench [--seed 7]
        [--splice-rate 0.3] [--redate-rate 0.15]

Writes, in OUT:
  clean.jsonl     the stream with nothing tampered: independent reports of each event, wire
                  stories published on several sites (verbatim, lightly edited, wrapped in site
                  boilerplate, or a later write-through adding facts an independent report has);
  tampered.jsonl  the same stream where a share of the wire copies went through a content farm:
                  a generated brand name spliced into one sentence (and sometimes the headline)
                  and/or the publication date moved months or years away;
  truth.jsonl     one line per article id: {"id", "event", "source", "kind", "edits",
                  "boilerplate", "added", "tampered" (in the tampered stream), "splice",
                  "redate"}; the same ids in both streams.
Lines are {"id","title","text","published","site","url","crawled"?}, in publication order
(`published` may be absent, day-only, local without offset, or ISO with offset).
Deterministic for a given --seed.
"""
import argparse, collections, datetime as dt, json, os, random, re, sys

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
MONTH_DATE_RE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),\s*(\d{4})\b")
SLASH_DATE_RE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")
YEAR_RE = re.compile(r"\b(19[89]\d|200\d|201[0-4])\b")

BRITISH = {
    "authorized": "authorised", "organization": "organisation", "organizations": "organisations",
    "recognized": "recognised", "realize": "realise", "realized": "realised",
    "criticized": "criticised", "defense": "defence", "Defense": "Defence", "center": "centre",
    "color": "colour", "favor": "favour", "labor": "labour", "neighbor": "neighbour",
    "neighbors": "neighbours", "analyze": "analyse", "apologized": "apologised",
    "emphasized": "emphasised", "honor": "honour", "behavior": "behaviour",
    "traveled": "travelled", "canceled": "cancelled", "theater": "theatre", "gray": "grey",
    "offense": "offence", "organized": "organised", "hospitalized": "hospitalised",
    "apologize": "apologise", "recognize": "recognise", "criticize": "criticise",
    "jewelry": "jewellery", "rumored": "rumoured", "favorite": "favourite",
}
BRITISH_RE = re.compile(r"\b(" + "|".join(BRITISH) + r")\b")

# Sites: (name, domain, UTC offset in minutes, date style weights).
SITES = [
    ("The Morning Ledger", "morningledger.com", -300), ("Lakeside Tribune", "lakesidetribune.com", -360),
    ("Pacific Daily Star", "pacificdailystar.com", -480), ("The Capital Courier", "capitalcourier.com", -300),
    ("Northern Echo Online", "northernecho-online.co.uk", 0), ("The Evening Standard Post", "eveningstandardpost.co.uk", 0),
    ("Highland Gazette", "highlandgazette.co.uk", 0), ("Dublin Daily", "dublindaily.ie", 0),
    ("Sydney Courier", "sydneycourier.com.au", 600), ("Auckland Herald Online", "aucklandheraldonline.co.nz", 720),
    ("The Times of Bombay", "timesofbombay.in", 330), ("Gulf Morning News", "gulfmorningnews.ae", 240),
    ("Toronto Daily Record", "torontodailyrecord.ca", -300), ("Prairie Post", "prairiepost.ca", -420),
    ("Riverside Press", "riversidepress.com", -360), ("Bay Area Chronicle", "bayareachronicle.com", -480),
    ("The Atlantic Courier", "atlanticcourier.com", -300), ("Midwest Observer", "midwestobserver.com", -360),
    ("Continental Times", "continentaltimes.eu", 60), ("Berlin Post English", "berlinpost-english.de", 60),
    ("Singapore Daily", "singaporedaily.sg", 480), ("Cape Town Herald", "capetownherald.co.za", 120),
    ("Southern Daily Mail", "southerndailymail.com", -300), ("The Desert Sun Times", "desertsuntimes.com", -420),
]
WIRES = {
    "AP": ("AP News", "apnews.example", -300),
    "Reuters": ("Reuters", "reuters.example", 0),
    "AFP": ("AFP", "afp.example", 60),
}
FIRST = ["Jane", "Mark", "Ana", "David", "Sarah", "Michael", "Elena", "Tom", "Priya", "Carlos",
         "Laura", "Kevin", "Yuki", "Omar", "Grace", "Peter", "Lucia", "Ben", "Fatima", "Ivan"]
LAST = ["Doe", "Baker", "Silva", "Nguyen", "Keller", "Moreno", "Hughes", "Okafor", "Ramos",
        "Fischer", "Tanaka", "Lindqvist", "Brennan", "Costa", "Walsh", "Haddad", "Novak", "Reyes"]


def detok(s):
    """Undo ECB+ tokenisation ("1: 12 PM", "all - time", "2, 129", "p. m.", "http: / / a. b")."""
    s = re.sub(r"(\d): (\d)", r"\1:\2", s)
    s = re.sub(r"(\d), (\d{3})\b", r"\1,\2", s)
    s = re.sub(r"(\d)\. (\d)", r"\1.\2", s)
    s = re.sub(r"(\w) - (\w)", r"\1-\2", s)
    s = re.sub(r"\b([ap])\. m\.", r"\1.m.", s)
    s = re.sub(r"\bU\. S\.", "U.S.", s)
    s = re.sub(r" ([,.;:!?])(\s|$)", r"\1\2", s)
    s = re.sub(r"\( ", "(", s)
    s = re.sub(r" \)", ")", s)
    s = re.sub(r'([,.!?]) " ', r'\1" ', s)
    s = re.sub(r'" ([^"]*?) "', r'"\1"', s)
    return re.sub(r"[ \t]+", " ", s).strip()


def is_meta(p):
    """A header line of an ECB+ page: a date line, "Posted …", "Updated …", a byline."""
    words = p.split()
    if len(words) <= 3:
        return True
    if re.match(r"^(posted|updated|published|last updated|by |filed|source)", p, re.I):
        return True
    if (MONTH_DATE_RE.search(p) or SLASH_DATE_RE.search(p)) and len(words) <= 10:
        return True
    return False


def headline_from(lede):
    """A headline of a lede: its first clause, or its first 12 words."""
    words = lede.rstrip(".").split()
    cut = None
    for i, w in enumerate(words):
        if i >= 6 and w.endswith(","):
            cut = i + 1
            break
    words = words[:cut] if cut and cut <= 16 else words[:12]
    return " ".join(words).rstrip(",;:")


def load(set_dir):
    """Events → reports {id, title, paragraphs, url, header_dates}."""
    gold = json.load(open(os.path.join(set_dir, "gold.json")))
    events = collections.defaultdict(list)
    for line in open(os.path.join(set_dir, "articles.jsonl")):
        a = json.loads(line)
        paras = [detok(p) for p in a["text"].split("\n\n") if p.strip()]
        url, dates, head = None, [], None
        if a["title"].startswith("http"):  # ECB+ page: URL, header lines, headline, body
            url = re.sub(r"\s+", "", a["title"])
            while paras and (is_meta(paras[0]) or (head is None and len(paras[0].split()) <= 20
                                                   and not paras[0].endswith((".", '"')))):
                p = paras.pop(0)
                m = MONTH_DATE_RE.search(p)
                if m:
                    dates.append(dt.date(int(m[3]), MONTHS.index(m[1]) + 1, int(m[2])))
                else:
                    m = SLASH_DATE_RE.search(p)
                    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31:
                        dates.append(dt.date(int(m[3]), int(m[1]), int(m[2])))
                    elif not is_meta(p):
                        head = p
        else:  # ECB page: the title field is the first sentence, a lede or a headline
            first = detok(a["title"])
            if len(first.split()) <= 15 and not first.endswith((".", '"', "”")):
                head = first
            else:
                paras.insert(0, first)
        if not paras or len(" ".join(paras).split()) < 40:
            continue
        events[gold[a["id"]]].append({"id": a["id"], "title": head or headline_from(paras[0]),
                                      "paragraphs": paras, "url": url, "dates": dates})
    return events


def shingles(r, n=5):
    w = re.findall(r"\w+", " ".join(r["paragraphs"]).lower())
    return {tuple(w[i:i + n]) for i in range(max(0, len(w) - n + 1))}


def mark_related(reports):
    """ECB+ holds some versions of one wire report under different ids (a write-through, a
    subscriber's copy): each report lists the others of its event that share ≥ 30% of its word
    5-grams, so a flag between them is told apart from one between truly independent reports."""
    sh = [shingles(r) for r in reports]
    for i, r in enumerate(reports):
        r["related"] = [reports[j]["id"] for j in range(len(reports)) if j != i and sh[i]
                        and len(sh[i] & sh[j]) >= 0.3 * len(sh[i])]


def event_day(rng, reports):
    """The event's day: the most common header date of its pages, else a day of the year its
    texts name most, moved to the weekday their ledes name most."""
    dates = collections.Counter(d for r in reports for d in r["dates"] if 1990 <= d.year <= 2014)
    if dates:
        return dates.most_common(1)[0][0]
    years = collections.Counter(int(y) for r in reports for p in r["paragraphs"] for y in YEAR_RE.findall(p))
    named = [y for y, n in years.most_common(3) if n >= 3 and y >= 2000]
    year = max(named) if named else rng.randint(2006, 2012)  # the latest of the most named years
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    days = collections.Counter(m for r in reports for m in WEEKDAY_RE.findall(r["paragraphs"][0]))
    if days:
        want = WEEKDAYS.index(days.most_common(1)[0][0])
        day += dt.timedelta(days=(want - day.weekday()) % 7)
    return day


VERB_DAY_RE = re.compile(r"\b(?:said|says|told|announced|reported|confirmed|added|noted|stated|warned|"
                         r"disclosed|revealed)(?: on)? (" + "|".join(WEEKDAYS) + r")\b")


def lead_weekday(lede):
    """The news day a lede names: the weekday after a reporting verb ("said Wednesday"), else
    the last weekday it names; None when it names none."""
    m = VERB_DAY_RE.search(lede)
    days = WEEKDAY_RE.findall(lede)
    if m:
        return WEEKDAYS.index(m[1])
    return WEEKDAYS.index(days[-1]) if days else None


def news_day(rng, report, event, follow_up_days):
    """The day a report appears: the day its lede's weekday names (near the event), plus 0–1
    days (2 after a Friday or weekend news day); else the event day plus a follow-up delay."""
    want = lead_weekday(report["paragraphs"][0])
    if want is not None:
        base = event + dt.timedelta(days=follow_up_days)
        delta = (want - base.weekday()) % 7
        day = base + dt.timedelta(days=delta if delta <= 3 else delta - 7)
        lag = rng.choices([0, 1, 2], [55, 35, 10 if want >= 4 else 0])[0]
        return day + dt.timedelta(days=lag)
    return event + dt.timedelta(days=follow_up_days)


def stamp(rng, when_utc, offset_min, style=None):
    """Publication date as a site prints it: ISO with offset (most), day only, local without zone."""
    style = style or rng.choices(["offset", "day", "local", "utc", "none"], [68, 12, 8, 8, 4])[0]
    local = when_utc + dt.timedelta(minutes=offset_min)
    if style == "none":
        return None, style
    if style == "day":
        return local.strftime("%Y-%m-%d"), style
    if style == "local":
        return local.strftime("%Y-%m-%dT%H:%M:%S"), style
    if style == "utc":
        return when_utc.strftime("%Y-%m-%dT%H:%M:%SZ"), style
    sign = "+" if offset_min >= 0 else "-"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:%02d" % (sign, abs(offset_min) // 60, abs(offset_min) % 60), style


def sentences(p):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", p) if s]


def british(text):
    return BRITISH_RE.sub(lambda m: BRITISH[m[1]], text).replace("U.S.", "US").replace("U.N.", "UN")


def drop_quotes(text):
    return text.replace('"', "").replace("“", "").replace("”", "")


def name_in(text):
    """A capitalised name of a text (two or more capitalised words, not at sentence start)."""
    for m in re.finditer(r"(?<=[a-z,] )((?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+)", text):
        return m[1]
    return None


def boilerplate_lines(rng, wire, year, report, related_titles, weekday):
    """Site furniture found inside extracted bodies: credits, ads, captions, related links."""
    who = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
    subject = name_in(" ".join(report["paragraphs"][:3])) or "Officials"
    caption = rng.choice([
        "%s is seen in this file photo." % subject,
        "%s speaks to reporters on %s." % (subject, weekday),
        "People gather near the scene on %s." % weekday,
        "A view of the area on %s, %s %d." % (weekday, MONTHS[rng.randrange(12)], rng.randint(1, 28)),
    ])
    credit = {
        "AP": [("ap-photo-credit", caption + " (AP Photo/%s)" % who),
               ("ap-photo-credit", caption[:-1] + " (AP Photo/%s, File)" % who),
               ("via-ap-credit", caption[:-1] + ", via AP"),
               ("ap-copyright", "Copyright %d The Associated Press. All rights reserved. This material may "
                "not be published, broadcast, rewritten or redistributed." % year),
               ("ap-copyright", "Copyright %d The Associated Press. All rights reserved." % year),
               ("contributor-line", "Associated Press writer %s contributed to this report." % who)],
        "Reuters": [("reuters-photo-credit", caption[:-1] + " REUTERS/%s" % who),
                    ("reuters-photo-credit", "Photo: %s/Reuters" % who),
                    ("reuters-editing-line", "Reporting by %s; Editing by %s %s" % (who, rng.choice(FIRST), rng.choice(LAST))),
                    ("reuters-copyright", "(c) Copyright Thomson Reuters %d. Click For Restrictions." % year)],
        "AFP": [("afp-photo-credit", caption[:-1] + " / Agence France-Presse"),
                ("afp-photo-credit", caption[:-1] + " (AFP Photo/%s)" % who),
                ("afp-copyright", "Copyright %d AFP. All rights reserved." % year),
                ("getty-photo-credit", caption[:-1] + " (Getty Images)")],
    }[wire]
    generic = [("advertisement", "Advertisement"),
               ("advertisement-continue-reading", "Advertisement Continue reading the main story"),
               ("continue-reading", "Continue reading the main story"),
               ("related-link", "Related: " + rng.choice(related_titles)),
               ("read-more-link", "Read more: " + rng.choice(related_titles)),
               ("advertisement", "Story continues below advertisement"),
               ("newsletter", "Sign up for our morning newsletter."), ("share", "Share this article")]
    return rng.sample(credit, rng.randint(1, 2)) + rng.sample(generic, rng.randint(1, 3))


def wrap(rng, paras, lines):
    """Puts boilerplate lines between (and after) paragraphs; a few glued to a paragraph's end
    on its own line, as extraction sometimes leaves them."""
    paras = list(paras)
    placed = []
    for kind, line in lines:
        end = line.startswith(("Copyright", "(c) Copyright", "Reporting by", "Associated Press writer"))
        at = len(paras) if end else rng.randint(1, max(1, len(paras) - 1))
        if not end and rng.random() < 0.2:
            paras[at - 1] = paras[at - 1] + "\n" + line
            placed.append({"type": kind, "text": line, "glued": True})
        else:
            paras.insert(at, line)
            placed.append({"type": kind, "text": line, "glued": False})
    return paras, placed


ABBREV_END = re.compile(r"\b(Sgt|Mr|Mrs|Ms|Dr|St|Lt|Gov|Sen|Rep|Jr|Co|Inc|Capt|Gen|Col|No|U\.S|[A-Z])\.$")


def write_through(rng, paras, donor, weekday):
    """A later wire version: a fact of an independent report added as a clause to a sentence
    or as a sentence of its own. Returns (paragraphs, added text, how)."""
    cands = [s for p in donor["paragraphs"][1:] for s in sentences(p)
             if 8 <= len(s.split()) <= 24 and re.search(r"\d|[a-z] [A-Z][a-z]", s) and s.endswith(".")
             and '"' not in s and "“" not in s and not ABBREV_END.search(s)]
    if not cands:
        return None
    fact = rng.choice(cands)
    paras = list(paras)
    if rng.random() < 0.5 and len(paras) > 2:
        at = rng.randint(1, min(3, len(paras) - 1))
        paras.insert(at, fact)
        return paras, fact, "sentence"
    clause = re.sub(r",? (police|officials|authorities|he|she|they) (said|say)\.$", ".", fact)[:-1]
    first = clause.split()[0]
    if first in ("The", "A", "An", "It", "He", "She", "They", "There", "This", "Those", "In", "At", "On"):
        clause = clause[0].lower() + clause[1:]
    tail = ", %s said %s." % (rng.choice(["police", "officials", "authorities", "a spokesman"]), weekday)
    i = rng.randrange(min(3, len(paras)))
    ss = sentences(paras[i])
    j = rng.randrange(len(ss))
    if not ss[j].endswith("."):
        return None
    added = ", and " + clause + tail[:-1]
    ss[j] = ss[j][:-1] + added + "."
    paras[i] = " ".join(ss)
    return paras, added.lstrip(", "), "clause"


def edit_copy(rng, paras):
    """Light edits a subscriber makes: British spellings, quotation marks dropped, trailing
    paragraphs trimmed (at least one edit)."""
    edits = []
    while not edits:
        if rng.random() < 0.6:
            paras = [british(p) for p in paras]
            edits.append("british")
        if rng.random() < 0.4:
            paras = [drop_quotes(p) for p in paras]
            edits.append("quotes-dropped")
        if rng.random() < 0.5 and len(paras) > 5:
            paras = paras[:len(paras) - rng.randint(1, min(3, len(paras) // 3))]
            edits.append("trimmed")
    return paras, edits


SYLL_A = ["Zen", "Quan", "Vex", "Nuv", "Pre", "Cal", "Ort", "Lum", "Xan", "Ber", "Tal", "Kor", "Syn", "Dra"]
SYLL_B = ["trix", "tora", "alon", "dictIQ", "ivex", "orin", "exa", "varo", "quill", "ento", "ylix", "onic"]
BRAND_MID = ["Quantitative", "Strategic", "Digital", "Global", "Capital", "Frontier", "Macro", "Civic"]
BRAND_END = ["Media Center", "Think Tank Center", "Research Institute", "Insight Group",
             "Analytics Hub", "News Network", "Policy Forum", "Data Lab", "Finance Review"]


def brand(rng, corpus_words):
    while True:
        coined = rng.choice(SYLL_A) + rng.choice(SYLL_B)
        if coined.lower() not in corpus_words:
            return "%s %s %s" % (coined, rng.choice(BRAND_MID), rng.choice(BRAND_END))


def splice(rng, paras, name):
    """Splices a brand name into one body sentence, as content farms do. Returns (paragraphs,
    the sentence before, after, style)."""
    spots = [(i, j, s) for i, p in enumerate(paras) for j, s in enumerate(sentences(p)) if len(s.split()) >= 8]
    style = rng.choice(["the-noun", "according", "glued", "trailing", "said"])
    the = [x for x in spots if re.match(r"^The [a-z]", x[2])]
    i, j, s = rng.choice(the if style in ("the-noun", "glued") and the else spots)
    if style == "the-noun" and re.match(r"^The [a-z]", s):
        new = "The %s %s" % (name, s[4:])
    elif style == "glued" and re.match(r"^The [a-z]", s):
        new = "The %s%s" % (name, s[4:])
    elif style == "according":
        new = "According to %s, %s" % (name, s[0].lower() + s[1:] if not re.match(r"^[A-Z][a-z]+ [A-Z]", s) else s)
    elif style == "said":
        new = s[:-1] + ", %s said." % name if s.endswith(".") else s + " %s reported." % name
    else:
        style = "trailing"
        new = s[:-1] + ", %s has learned." % name if s.endswith(".") else s + " (%s)" % name
    ss = sentences(paras[i])
    ss[j] = new
    paras = list(paras)
    paras[i] = " ".join(ss)
    return paras, s, new, style


def build(args):
    rng = random.Random(args.seed)
    events = load(args.set)
    corpus_words = set(w.lower() for rs in events.values() for r in rs for p in r["paragraphs"] for w in re.findall(r"\w+", p))
    all_titles = [r["title"] for rs in events.values() for r in rs]
    out, truth = [], {}

    def emit(aid, title, paras, when, site, url, crawled_after_h, truthrec, style=None):
        published, st = stamp(rng, when, site[2], style)
        rec = {"id": aid, "title": title, "text": "\n\n".join(paras), "site": site[0], "url": url}
        if published:
            rec["published"] = published
        if crawled_after_h is not None:
            rec["crawled"] = (when + dt.timedelta(hours=crawled_after_h)).strftime("%Y-%m-%dT%H:%M:%SZ")
        truthrec.update({"id": aid, "date_style": st, "published_utc": when.strftime("%Y-%m-%dT%H:%M:%SZ")})
        out.append((when, rec))
        truth[aid] = truthrec

    def crawl():
        return rng.uniform(0.1, 72) if rng.random() < 0.6 else None

    for ev in sorted(events):
        reports = sorted(events[ev], key=lambda r: r["id"])
        mark_related(reports)
        eday = event_day(rng, reports)
        longish = [r for r in reports if len(r["paragraphs"]) >= 5 and len(" ".join(r["paragraphs"]).split()) >= 150]
        n_wire = min(len(longish), 1 if len(reports) < 8 or rng.random() < 0.5 else 2)
        wires = rng.sample(longish, n_wire)
        wire_ids = {r["id"] for r in wires}
        independents = [r for r in reports if r["id"] not in wire_ids]
        sites = rng.sample(SITES, len(SITES))
        site_i = 0
        for r in independents:  # independent reports: own site, own day
            site = sites[site_i % len(sites)]; site_i += 1
            follow = rng.choices([0, 1, 2, 3, 5], [45, 30, 12, 8, 5])[0]
            day = news_day(rng, r, eday, follow)
            when = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randrange(60))) - dt.timedelta(minutes=site[2])
            emit("%s@%s" % (r["id"], site[1].split(".")[0]), r["title"], r["paragraphs"], when, site,
                 r["url"] and "https://www.%s/%s" % (site[1], r["url"].split("/", 3)[-1][:80]) or
                 "https://www.%s/news/%s" % (site[1], r["id"]), crawl(),
                 {"event": ev, "source": r["id"], "kind": "independent", "tampered": False,
                  "related": r["related"]})
        for w in wires:
            agency = rng.choice(list(WIRES))
            wsite = WIRES[agency]
            day = news_day(rng, w, eday, rng.choices([0, 1], [80, 20])[0])
            t0 = dt.datetime.combine(day, dt.time(rng.randint(6, 18), rng.randrange(60))) - dt.timedelta(minutes=wsite[2])
            weekday = WEEKDAYS[(t0 + dt.timedelta(minutes=wsite[2])).weekday()]
            v1 = w["paragraphs"]
            v2 = None
            donors = [r for r in independents if len(r["paragraphs"]) >= 2]
            if donors and rng.random() < 0.6:
                v2 = write_through(rng, v1, rng.choice(donors), weekday)
            t2 = t0 + dt.timedelta(hours=rng.uniform(2, 8))
            slug = re.sub(r"[^a-z0-9]+", "-", w["title"].lower())[:60].strip("-")
            emit("%s@%s" % (w["id"], agency.lower()), w["title"], v1, t0, wsite,
                 "https://%s/article/%s" % (wsite[1], slug), crawl(),
                 {"event": ev, "source": w["id"], "kind": "wire-original", "wire": agency, "tampered": False,
                  "related": w["related"]},
                 style="offset")
            if v2:
                emit("%s@%s-update" % (w["id"], agency.lower()), ("UPDATE 1-" if agency == "Reuters" else "") + w["title"],
                     v2[0], t2, wsite, "https://%s/article/%s-update" % (wsite[1], slug), crawl(),
                     {"event": ev, "source": w["id"], "kind": "write-through", "wire": agency,
                      "added": v2[1], "added_as": v2[2], "tampered": False}, style="offset")
            for k in range(rng.randint(3, 6)):  # subscribers' copies
                site = sites[site_i % len(sites)]; site_i += 1
                use_v2 = v2 is not None and rng.random() < 0.5
                paras, when = (v2[0], t2) if use_v2 else (v1, t0)
                when = when + dt.timedelta(minutes=rng.uniform(10, 12 * 60))
                kind = rng.choices(["verbatim", "edited", "boilerplate", "edited+boilerplate"], [25, 25, 30, 20])[0]
                rec = {"event": ev, "source": w["id"], "wire": agency, "tampered": False,
                       "version": "write-through" if use_v2 else "first"}
                if use_v2:
                    rec["added"] = v2[1]
                if "edited" in kind:
                    paras, rec["edits"] = edit_copy(rng, paras)
                if "boilerplate" in kind:
                    lines = boilerplate_lines(rng, agency, when.year, w, all_titles, WEEKDAYS[day.weekday()])
                    paras, rec["boilerplate"] = wrap(rng, paras, lines)
                rec["kind"] = kind
                title = w["title"]
                if rng.random() < 0.15:
                    title = british(title)
                emit("%s@%s" % (w["id"], site[1].split(".")[0]), title, paras, when, site,
                     "https://www.%s/world/%s" % (site[1], slug), crawl(), rec)
    out.sort(key=lambda x: (x[0], x[1]["id"]))
    return [r for _, r in out], truth, corpus_words


def tamper(args, stream, truth, corpus_words):
    """A content farm's copies: a share of the subscribers' copies get a spliced brand name
    and/or a date moved months or years away, and a farm's site."""
    rng = random.Random(args.seed * 7919 + 1)
    copies = [r for r in stream if truth[r["id"]]["kind"] in ("verbatim", "edited", "boilerplate", "edited+boilerplate")]
    chosen = {r["id"] for r in rng.sample(copies, int(len(copies) * args.splice_rate))}
    redated = {r["id"] for r in rng.sample(copies, int(len(copies) * args.redate_rate))}
    farms = ["Capitatum", "Newsvine Daily Hub", "Trendfeed Global", "Orbitnews24", "Quickwire Digest"]
    out, ttruth = [], {}
    for r in stream:
        t = dict(truth[r["id"]])
        r = dict(r)
        if r["id"] in chosen or r["id"] in redated:
            t["tampered"] = True
            farm = rng.choice(farms)
            r["site"] = farm
            r["url"] = "https://%s.example/%s" % (farm.lower().replace(" ", ""), r["id"].split("@")[0])
        if r["id"] in chosen:
            name = brand(rng, corpus_words)
            paras = r["text"].split("\n\n")
            paras, before, after, style = splice(rng, paras, name)
            r["text"] = "\n\n".join(paras)
            t["splice"] = {"brand": name, "style": style, "before": before, "after": after, "headline": False}
            if rng.random() < 0.5:
                r["title"] = rng.choice(["%s:%s", "%s: %s"]) % (name, r["title"])
                t["splice"]["headline"] = True
        if r["id"] in redated and r.get("published"):
            days = rng.choice([-1, 1]) * rng.randint(60, 1200)
            old = r["published"]
            new = (dt.datetime.fromisoformat(old[:10]) + dt.timedelta(days=days)).strftime("%Y-%m-%d") + old[10:]
            r["published"] = new
            t["redate"] = {"from": old, "to": new, "days": days}
            if r.get("crawled") and days > 0:  # crawled after the farm's date, so no giveaway
                c = dt.datetime.fromisoformat(new[:10]) + dt.timedelta(days=rng.randint(1, 30))
                r["crawled"] = c.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif r["id"] in redated:
            t["tampered"] = "splice" in t
        out.append(r)
        ttruth[r["id"]] = t
    return out, ttruth


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="/work/shared/eval/ecbplus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--splice-rate", type=float, default=0.3, help="share of copies with a spliced brand name")
    ap.add_argument("--redate-rate", type=float, default=0.15, help="share of copies with a moved date")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    stream, truth, words = build(args)
    tstream, ttruth = tamper(args, stream, truth, words)
    for name, rows in (("clean.jsonl", stream), ("tampered.jsonl", tstream)):
        with open(os.path.join(args.out, name), "w") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "truth.jsonl"), "w") as f:
        for r in stream:
            f.write(json.dumps(ttruth[r["id"]], ensure_ascii=False) + "\n")
    kinds = collections.Counter(t["kind"] for t in truth.values())
    print("%d articles, %d events: %s; tampered: %d spliced (%d in the headline), %d re-dated" % (
        len(stream), len({t["event"] for t in truth.values()}),
        ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
        sum("splice" in t for t in ttruth.values()),
        sum(t.get("splice", {}).get("headline", False) for t in ttruth.values()),
        sum("redate" in t for t in ttruth.values())), file=sys.stderr)


if __name__ == "__main__":
    main()
