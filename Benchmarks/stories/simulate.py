#!/usr/bin/env python3
"""A Python re-implementation of Newsfold's story model (StoryClusterer, EventProfile), for
trying model changes in seconds instead of a release build. Benchmark tooling only.

It follows the Swift code: the profile (words, capitalised runs, numbers, written dates;
headline words twice), TF-IDF with document frequencies learned as the stream goes, the average
similarity to a story's members with names' share growing with the gap, the window and its
requirement, the chains of dates, and merges with the stories the article came near. It
compares every live story instead of the index's candidates, and keeps whole profiles.
With the model of 2026-12-05 (window 14, no repair) it gave the release build's figures on the
dated ECB+ stream (seed 1): test half 0.886 / 0.714 / 0.791, the same to three places. Since
the fifth pass of issue 19 its window is 6 days as in Swift, but its repair (--repair) has no
margin and does not repair larger stories (StorySettings.repairMargin, repairStoryThreshold):
compare its figures with each other, and confirm a finding with `newsfold eval stories`.

Usage: simulate.py SET_DIR [--gold gold.json] [--join 0.22] [--merge 0.25] [--window-days 6]
                   [--entity-share 0.6] [--cohesion 0.6 [--join-only]] [--errors]
--cohesion: an article joins a story of two or more only if its similarity to it (words and
names, no time) is at least this share of the story's cohesion (average similarity between two
members); merges too unless --join-only. Tried for issue 19 and not kept (README).

Issue 19, third pass (/tmp/s19): experiment flags, all off by default, see --help.
Best on tune: --centroid --join 0.32 --repair 0.14 --repair-max 2 --repair-gap 7
(or --repair 0.14 --repair-max 2 --repair-gap 7 alone). ev.py and sweep*.py hold the sweeps.

Issue 19, sixth pass: --protagonist-veto F multiplies by F the score of a join, merge or repair
whose two sides name different protagonists (protagonist_veto); tried and not kept (README).
--thread-gap 28 links stories into threads as StoryClusterer does (link_threads) and prints
their scores; the README's choice of the thread settings was made with it.
"""
import argparse, json, math, re, sys
from collections import Counter, defaultdict
from datetime import datetime, timezone

STOP = set("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says say told according new one two
three also would may might could like get got mr mrs ms dr yet still since though
however per via will just many much last first next year years time week day days
today yesterday tomorrow am pm""".split())
MONTHS = set("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
TOK = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W_]+)|([.!?:;|\n\u2026])|(\s|-)|(.)", re.S)

def fold(w):
    n=len(w)
    if n>3 and w[-1]=='s':
        if n>4 and w.endswith('ies'): return w[:-3]+'y'
        if w[-2] in 'sui': return w
        return w[:-1]
    return w

def scan(text, weight, ents, terms, entities):
    sent=True; spaces=False
    run=[]; runsent=False; pm=None
    def close():
        nonlocal run
        if len(run)>=2:
            for h in run: entities[h]+=1
            entities[' '.join(run)]+=1
        elif len(run)==1 and not runsent: entities[run[0]]+=1
        run=[]
    for m in TOK.finditer(text):
        num,word,end,sp,other=m.groups()
        if num is not None:
            n=num.replace(',','')
            if ents:
                entities['#'+n]+=1
                if pm and spaces and not sent and len(n)<=4: entities[pm+' '+n]+=2
            pm=None; close(); sent=False; spaces=True; continue
        if word is not None:
            lw=word.lower()
            isstop=lw in STOP
            pm = lw if lw in MONTHS else None
            if not isstop and len(lw)>=2 and weight>0: terms[fold(lw)]+=weight
            if ents:
                if word[0].isupper() and not isstop and len(lw)>=2:
                    if run and spaces and not sent: run.append(lw)
                    else:
                        close(); runsent=sent; run=[lw]
                else: close()
            sent=False; spaces=True; continue
        if end is not None:
            if end=='.' and pm and len(pm)<=4 and pm not in('june','july'):
                continue
            sent=True; spaces=False; continue
        if sp is not None: continue
        spaces=False
    close()

FIRSTLINE=re.compile(r"[^\n.!?]+")
def profile(a, head=2.0, lead=0.0):
    t=Counter(); e=Counter()
    if a.get('title'): scan(a['title'],head,False,t,e)
    text=(a.get('text') or '')[:24000]
    if lead>0:
        m=FIRSTLINE.search(text)
        if m: scan(m.group(0),lead,False,t,e)
    scan(text,1,True,t,e)
    if not e and a.get('title'): scan(a['title'],0,True,t,e)
    return t,e

KSTOP=set("the and for with was were are has had have from that this than into about after before over".split())
NUMTOK=re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+)|([.!?;\n])")
def numkinds(a):
    """Idea 2: (kind, value) pairs: a number with the content word right before or after it in
    its sentence (magnitude 6.1, 36 year, 12 killed). Years (4 digits 1900-2099) and numbers next
    to a month are left out (written dates are another signal)."""
    text=(a.get('text') or '')[:24000]
    toks=[]
    for m in NUMTOK.finditer(text):
        n,w,e=m.groups()
        if n is not None: toks.append(('n',n.replace(',','')))
        elif w is not None: toks.append(('w',w.lower()))
        else: toks.append(('e',None))
    out=set()
    for j,(k,v) in enumerate(toks):
        if k!='n': continue
        if len(v)==4 and v[:2] in('19','20'): continue
        prev=toks[j-1] if j>0 else None; nxt=toks[j+1] if j+1<len(toks) else None
        if (prev and prev[0]=='w' and prev[1] in MONTHS) or (nxt and nxt[0]=='w' and nxt[1] in MONTHS): continue
        for side,tk in (('p',prev),('n',nxt)):
            if tk and tk[0]=='w' and tk[1] not in KSTOP and len(tk[1])>=3:
                out.add((side+':'+fold(tk[1]),v))
    return out

def instant(a):
    p=a.get('published')
    if not p: return None
    d=datetime.fromisoformat(p)
    if d.tzinfo is None: d=d.replace(tzinfo=timezone.utc)
    return d.timestamp()

def load(path, gold='gold.json'):
    arts=[json.loads(l) for l in open(path+'/articles.jsonl') if l.strip()]
    g=json.load(open(path+'/'+gold))
    return arts,g

def bcubed(pred,gold):
    ids=[i for i in gold if i in pred]
    ps=Counter(pred[i] for i in ids); gs=Counter(gold[i] for i in ids); both=Counter((pred[i],gold[i]) for i in ids)
    p=sum(both[(pred[i],gold[i])]/ps[pred[i]] for i in ids)/len(ids)
    r=sum(both[(pred[i],gold[i])]/gs[gold[i]] for i in ids)/len(ids)
    return p,r,2*p*r/(p+r)

def unit(d):
    n=math.sqrt(sum(v*v for v in d.values()))
    return {k:v/n for k,v in d.items()} if n>0 else {}
def dot(a,b):
    if len(a)>len(b): a,b=b,a
    return sum(v*b.get(k,0) for k,v in a.items())
def addto(S,a):
    for k,v in a.items(): S[k]=S.get(k,0)+v

DAY=86400
class Story:
    def __init__(s,id):
        s.id=id; s.t={}; s.e={}; s.n=0; s.times=[]; s.members=[]; s.k={}
    def main(s, chain):
        ts=sorted(s.times)
        if not ts: return None
        best=None; cur=[ts[0],ts[0],1]
        chains=[]
        for t in ts[1:]:
            if t-cur[1]<=chain: cur[1]=t; cur[2]+=1
            else: chains.append(cur); cur=[t,t,1]
        chains.append(cur)
        return max(chains,key=lambda c:(c[2],c[1]))

class P:  # settings
    join=0.22; merge=0.25; share=0.6; growth=14.; cycle=1.; window=6.; slope=0.5; probe=0.5
    cohesion=0.0  # share of the story's cohesion a join needs (0: off)
    merge_cohesion=True  # the same test on merges
    # --- issue 19 third-pass experiments (all off by default) ---
    name_idf_pow=1.0    # idea 1: entity weight idf**k
    name_miss=0.0       # idea 1: penalty factor when story's top rare names are absent
    name_miss_k=5
    num_weight=1.0      # idea 2: weight multiplier of number entities
    num_conflict=1.0    # idea 2: multiplier on a join when kind-keyed numbers conflict
    repair=0.0          # idea 3: bar for the final repair merge (0: off)
    repair_gap=7.0      # idea 3: max gap (days) between story spans for a repair merge
    repair_kind='avg'   # 'avg' (dot/n1n2) or 'cos' (centroid cosine)
    repair_every=0      # run the repair every N articles as well (0: only at the end)
    repair_min=1        # min size of the smaller story
    repair_max=10**9    # max size of the smaller story
    repair_log=None     # debugging: a list to receive (score, members, members, gap) of repair merges
    centroid=False      # idea 4: centroid cosine instead of average similarity for joins
    head_weight=2.0     # idea 4: weight of headline words
    lead_weight=0.0     # idea 4: extra weight of the first sentence of the text
    req_shape='log'     # idea 5: 'log' (today), 'lin', 'sqrt'
    req_span=42.0       # idea 5: days over which 'lin'/'sqrt' rise by slope
    # --- issue 19 sixth pass: protagonist veto (off by default) ---
    veto=None           # veto(members, members) -> True when the two sides' protagonists conflict
    veto_factor=0.0     # the score of a join, merge or repair the veto fires on is multiplied by this
    # --- issue 19 sixth pass: threads (StorySettings.threadGapDays etc.; off here by default) ---
    thread_gap=0.0      # days back a story may continue an earlier one (0: no threads)
    thread_bar=None     # similarity a link needs (None: the join bar)
    thread_margin=1.3   # times the runner-up's similarity
    thread_min=2        # members the earlier story needs
    thread_features=64  # heaviest words and names kept of the earlier story (0: all)

def run(arts, P=P, prof=None, kinds=None):
    prof = prof or [profile(a,P.head_weight,P.lead_weight) for a in arts]
    if P.num_conflict!=1.0 and kinds is None: kinds=[numkinds(a) for a in arts]
    times=[instant(a) for a in arts]
    order=sorted(range(len(arts)),key=lambda i:(times[i] is None, times[i] or 0, arts[i]['id']))
    df=Counter(); N=0
    live={}; nid=1; owner={}
    chain=(P.window+P.cycle)*DAY
    def gapdays(t,sp):
        if t is None or sp is None: return 0
        g = sp[0]-t if t<sp[0] else (t-sp[1] if t>sp[1] else 0)
        return max(0,g/DAY-P.cycle)
    def content(w,nm,gap):
        if nm is None: return w
        sh=P.share+(1-P.share)*gap/(gap+P.growth)
        return (1-sh)*w+sh*nm
    def req(gap):
        if gap==0: return 1
        if P.req_shape=='lin': return 1+P.slope*gap/P.req_span
        if P.req_shape=='sqrt': return 1+P.slope*math.sqrt(gap/P.req_span)
        return 1+P.slope*math.log(1+gap/7)
    def norm(d): return math.sqrt(sum(v*v for v in d.values()))
    def sim(A,s,t):
        gap=gapdays(t,s.main(chain))
        if gap>P.window or s.n==0: return 0,gap
        if P.centroid:
            nt=norm(s.t); ne=norm(s.e)
            w=dot(A[0],s.t)/nt if nt else 0
            nm=None if not A[1] or not s.e else dot(A[1],s.e)/ne
        else:
            w=dot(A[0],s.t)/s.n
            nm=None if not A[1] or not s.e else dot(A[1],s.e)/s.n
        sc=content(w,nm,gap)/req(gap)
        if P.name_miss and A[1] and s.e and s.n>=2:
            # the story's K heaviest names (sum of member weights); share absent from the article
            top=sorted(((v,k) for k,v in s.e.items() if not k.startswith('#')),reverse=True)[:P.name_miss_k]
            if top:
                miss=sum(v for v,k in top if k not in A[1])/sum(v for v,k in top)
                sc*= (1-P.name_miss*miss)
        if P.num_conflict!=1.0 and s.n>=1 and A[2]:
            agree=conf=0
            for k,vals in A[2].items():
                sv=s.k.get(k)
                if not sv: continue
                if vals & set(sv): agree+=1
                else: conf+=1
            if conf>agree: sc*=P.num_conflict
        return sc,gap
    def ssim(a,b,kind='avg'):
        x=a.main(chain); y=b.main(chain); gap=0
        if x and y: gap=max(0,(max(x[0],y[0])-min(x[1],y[1]))/DAY-P.cycle)
        if gap>P.window: return 0
        if kind=='cos':
            w=dot(a.t,b.t)/(norm(a.t)*norm(b.t) or 1)
            nm=None if not a.e or not b.e else dot(a.e,b.e)/(norm(a.e)*norm(b.e))
        else:
            pr=a.n*b.n
            w=dot(a.t,b.t)/pr
            nm=None if not a.e or not b.e else dot(a.e,b.e)/pr
        return content(w,nm,gap)/req(gap)
    def spangap(a,b):
        x=a.main(chain); y=b.main(chain)
        if not x or not y: return 0
        return max(0,(max(x[0],y[0])-min(x[1],y[1]))/DAY)
    def domerge(keep,gone):
        k=live[keep]; g=live.pop(gone)
        addto(k.t,g.t); addto(k.e,g.e); k.n+=g.n; k.times+=g.times; k.members+=g.members
        for kk,vs in g.k.items(): k.k.setdefault(kk,Counter()).update(vs)
    def repair():
        # deterministic greedy: merge the most similar eligible pair (ties: lowest ids), repeat;
        # pair scores are cached and only the merged story's pairs are recomputed
        def score(a,b):
            if min(a.n,b.n)<P.repair_min or min(a.n,b.n)>P.repair_max: return None
            if spangap(a,b)>P.repair_gap: return None
            v=ssim(a,b,P.repair_kind)
            if P.veto and P.veto(a.members,b.members): v*=P.veto_factor
            return v if v>=P.repair else None
        ids=sorted(live); pairs={}
        for x in range(len(ids)):
            for y in range(x+1,len(ids)):
                v=score(live[ids[x]],live[ids[y]])
                if v is not None: pairs[(ids[x],ids[y])]=v
        while pairs:
            (kx,ky),v=max(pairs.items(),key=lambda kv:(kv[1],-kv[0][0],-kv[0][1]))
            if P.repair_log is not None: P.repair_log.append((v,list(live[kx].members),list(live[ky].members),spangap(live[kx],live[ky])))
            domerge(kx,ky)
            pairs={p:w for p,w in pairs.items() if kx not in p and ky not in p}
            for o in sorted(live):
                if o==kx: continue
                a,b=(kx,o) if kx<o else (o,kx)
                w=score(live[a],live[b])
                if w is not None: pairs[(a,b)]=w
    log=[]; seen=0
    for i in order:
        t,e=prof[i]
        for k in t: df[k]+=1
        for k in e: df['E'+k]+=1
        N+=1
        idf=lambda k: math.log((N+1)/(df[k]+1))+1
        def ew(k,v):
            x=(1+math.log(v))*idf('E'+k)**P.name_idf_pow if P.name_idf_pow!=1 else (1+math.log(v))*idf('E'+k)
            if k.startswith('#') or (len(k)>1 and k.split(' ')[-1].isdigit()): x*=P.num_weight
            return x
        kd={}
        if kinds is not None:
            for k,v in kinds[i]: kd.setdefault(k,set()).add(v)
        A=(unit({k:(1+math.log(v))*idf(k) for k,v in t.items()}), unit({k:ew(k,v) for k,v in e.items()}), kd)
        best=None; near=[]
        ti=times[i]
        for sid in sorted(live):
            s=live[sid]
            sc,gap=sim(A,s,ti)
            if sc>0 and s.n>=2 and P.cohesion and raw(A,s)<P.cohesion*coh(s): sc=0
            if sc>0 and P.veto and P.veto([i],s.members): sc*=P.veto_factor
            if sc>=P.join*P.probe: near.append(sid)
            if best is None or sc>best[1]: best=(sid,sc)
        if best and best[1]>=P.join: sid=best[0]
        else:
            sid=nid; nid+=1; live[sid]=Story(sid)
        s=live[sid]; addto(s.t,A[0]); addto(s.e,A[1]); s.n+=1; s.members.append(i)
        for k,vs in kd.items(): s.k.setdefault(k,Counter()).update(vs)
        if ti is not None: s.times.append(ti)
        log.append((i,sid,best))
        for o in near:
            if o==sid or o not in live or sid not in live: continue
            vf=P.veto_factor if P.veto and P.veto(live[sid].members,live[o].members) else 1
            if ssim(live[sid],live[o])*vf>=P.merge and not (P.cohesion and P.merge_cohesion and not fits_merge(live[sid],live[o])):
                keep,gone=min(o,sid),max(o,sid)
                domerge(keep,gone)
                sid=keep
        seen+=1
        if P.repair and P.repair_every and seen%P.repair_every==0: repair()
    if P.repair: repair()
    pred={}
    for s in live.values():
        for m in s.members: pred[arts[m]['id']]=s.id
    THREADS.clear()
    if P.thread_gap: THREADS.update(link_threads(live,content,chain,P))
    return pred,log

THREADS={}  # after run() with P.thread_gap: story id -> (the first story of its thread, links made)
def link_threads(live, content, chain, P):
    """Each story, earliest first, continues the most similar story that ended before it began,
    at most P.thread_gap days before, when the members' average similarity (names weighing
    more with the gap, no time requirement) reaches the bar and P.thread_margin times the
    runner-up's, as StoryClusterer does when a story retires or the stream settles. Compares
    every earlier story (Swift: the 16 sharing the most features)."""
    def top(d,k): return dict(sorted(d.items(),key=lambda kv:-kv[1])[:k]) if k else d
    bar=P.thread_bar if P.thread_bar is not None else P.join
    spans=sorted((m[0],m[1],sid) for sid,st in live.items() for m in [st.main(chain)] if m and st.n)
    parent={sid:sid for _,_,sid in spans}; links=[]
    for k,(lo,_,sid) in enumerate(spans):
        a=live[sid]; scores=[]
        for lo2,hi2,sid2 in spans[:k]:
            b=live[sid2]; gap=(lo-hi2)/DAY
            if hi2>=lo or gap>P.thread_gap or b.n<P.thread_min: continue
            bt,be=top(b.t,P.thread_features),top(b.e,P.thread_features)
            w=dot(a.t,bt)/(a.n*b.n); nm=None if not a.e or not be else dot(a.e,be)/(a.n*b.n)
            scores.append((content(w,nm,max(0,gap-P.cycle)),sid2))
        scores.sort(reverse=True)
        if scores and scores[0][0]>=bar and (len(scores)<2 or scores[0][0]>=P.thread_margin*scores[1][0]):
            parent[sid]=scores[0][1]; links.append((sid,scores[0][1]))
    def root(x):
        while parent[x]!=x: x=parent[x]
        return x
    return {sid:(root(sid),links) for sid in parent}

def raw(A,s):
    w=dot(A[0],s.t)/s.n
    return w if not A[1] or not s.e else (1-P.share)*w+P.share*dot(A[1],s.e)/s.n
def coh(s):
    c=lambda S:(dot(S,S)-s.n)/(s.n*(s.n-1))
    return (1-P.share)*c(s.t)+P.share*c(s.e) if s.e else c(s.t)
def fits_merge(x,y):
    pr=x.n*y.n; w=dot(x.t,y.t)/pr
    r=w if not x.e or not y.e else (1-P.share)*w+P.share*dot(x.e,y.e)/pr
    return all(r>=P.cohesion*coh(s) for s in (x,y) if s.n>=2)

PROT_RUN=re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)+)\b")
PROT_SKIP=set("""The A An In On At For From With By And But Of To After Before When While This That These
Those It Its He She They We I His Her Their Our Mr Mrs Ms Dr President Sen Gov Rep Monday Tuesday
Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December New""".split())
def protagonist(a):
    """Sixth pass: the surname (last word of a capitalised run of two or more words, such as
    'Reggie Bush') mentioned most often in the headline and first 3,000 characters."""
    t=((a.get('title') or '')+'\n'+(a.get('text') or ''))[:3000]
    c=Counter()
    for m in PROT_RUN.finditer(t):
        toks=m.group(1).replace('-',' ').split()
        while toks and toks[0] in PROT_SKIP: toks=toks[1:]
        if len(toks)>=2: c[toks[-1]]=len(re.findall(r'\b'+re.escape(toks[-1])+r'\b',t))
    return c.most_common(1)[0][0] if c else None
def protagonist_veto(arts, share=0.2, dominance=0.3):
    """Sixth pass: two sides conflict when each has a dominant protagonist (the top one of at
    least `dominance` of its members), they differ, and each is written in fewer than `share` of
    the other side's members."""
    pr=[protagonist(a) for a in arts]
    caps=[set(re.findall(r"\b[A-Z][a-z]+\b",((a.get('title') or '')+'\n'+(a.get('text') or ''))[:24000])) for a in arts]
    def dominant(ms):
        c=Counter(pr[m] for m in ms if pr[m])
        top=c.most_common(1)[0] if c else None
        return top[0] if top and top[1]>=dominance*len(ms) else None
    def written(name,ms): return sum(1 for m in ms if name in caps[m])/len(ms)
    def veto(xs,ys):
        dx=dominant(xs); dy=dominant(ys)
        return dx is not None and dy is not None and dx!=dy and written(dx,ys)<share and written(dy,xs)<share
    return veto

def errors(arts,g,pred):
    """Prints the predicted stories that mix events, and the events split over stories with
    each part's days after the event's first article."""
    times={a['id']:instant(a) for a in arts}
    cl=defaultdict(list)
    for i,s in pred.items(): cl[s].append(i)
    for s,m in sorted(cl.items(), key=lambda x:-len(x[1])):
        c=Counter(g[i] for i in m if i in g)
        if len(c)>1: print('mixed story',s,dict(c))
    ev=defaultdict(list)
    for i,e in g.items(): ev[e].append(i)
    for e,m in sorted(ev.items()):
        c=Counter(pred[i] for i in m)
        if len(c)>1 and all(times[i] is not None for i in m):
            t0=min(times[i] for i in m)
            print('split event',e,len(m),' | '.join(f"{s}:{sorted(round((times[i]-t0)/86400) for i in m if pred[i]==s)}" for s,_ in c.most_common()))

if __name__=='__main__':
    ap=argparse.ArgumentParser(description=__doc__,formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('set'); ap.add_argument('--gold',default='gold.json')
    ap.add_argument('--join',type=float,default=P.join); ap.add_argument('--merge',type=float,default=P.merge)
    ap.add_argument('--window-days',type=float,default=P.window); ap.add_argument('--entity-share',type=float,default=P.share)
    ap.add_argument('--cohesion',type=float,default=0.0,help="share of a story's cohesion a join needs (0: off)")
    ap.add_argument('--join-only',action='store_true',help='apply the cohesion test to joins, not merges')
    ap.add_argument('--errors',action='store_true',help='list mixed stories and split events')
    ap.add_argument('--unrelated-prefix',default=None,help="ids of unrelated one-article events mixed into the stream (mix_unrelated.py): report how many share a story")
    # issue 19 third-pass experiments
    ap.add_argument('--name-idf-pow',type=float,default=1.0,help='idea 1: name weight tf*idf**k')
    ap.add_argument('--name-miss',type=float,default=0.0,help="idea 1: score *= 1 - x*(weight share of the story's top names absent from the article)")
    ap.add_argument('--name-miss-k',type=int,default=5)
    ap.add_argument('--num-weight',type=float,default=1.0,help='idea 2: weight of number features among names')
    ap.add_argument('--num-conflict',type=float,default=1.0,help='idea 2: score multiplier when kind-keyed numbers conflict more than agree')
    ap.add_argument('--repair',type=float,default=0.0,help='idea 3: bar of the final repair merge (0: off)')
    ap.add_argument('--repair-gap',type=float,default=7.0,help='idea 3: max days between the two stories\' spans')
    ap.add_argument('--repair-max',type=int,default=10**9,help='idea 3: max size of the smaller story')
    ap.add_argument('--repair-kind',default='avg',choices=['avg','cos'])
    ap.add_argument('--repair-every',type=int,default=0,help='idea 3: also repair every N articles')
    ap.add_argument('--centroid',action='store_true',help='idea 4: joins score the cosine to the story centroid')
    ap.add_argument('--head-weight',type=float,default=2.0,help='idea 4: weight of title words')
    ap.add_argument('--lead-weight',type=float,default=0.0,help="idea 4: extra weight of the text's first sentence")
    ap.add_argument('--slope',type=float,default=P.slope,help='idea 5: slope of the requirement')
    ap.add_argument('--req-shape',default='log',choices=['log','lin','sqrt'],help='idea 5')
    ap.add_argument('--req-span',type=float,default=42.0,help='idea 5: days for lin/sqrt')
    ap.add_argument('--protagonist-veto',type=float,default=None,help='sixth pass: multiply a join, merge or repair whose two sides name different protagonists by this (off by default)')
    ap.add_argument('--thread-gap',type=float,default=0.0,help='sixth pass: link stories into threads, at most this many days back (Swift: 28; 0: off)')
    ap.add_argument('--thread-bar',type=float,default=None,help='sixth pass: similarity a link needs (default: the join bar)')
    ap.add_argument('--thread-margin',type=float,default=1.3)
    ap.add_argument('--thread-min',type=int,default=2,help='sixth pass: members the earlier story needs')
    ap.add_argument('--thread-features',type=int,default=64,help='sixth pass: features kept of the earlier story (0: all)')
    ap.add_argument('--protagonist-share',type=float,default=0.2,help="sixth pass: a side's protagonist counts as absent from the other side written in fewer than this share of its members")
    a=ap.parse_args()
    P.join,P.merge,P.window,P.share,P.cohesion,P.merge_cohesion=a.join,a.merge,a.window_days,a.entity_share,a.cohesion,not a.join_only
    P.name_idf_pow,P.name_miss,P.name_miss_k,P.num_weight,P.num_conflict=a.name_idf_pow,a.name_miss,a.name_miss_k,a.num_weight,a.num_conflict
    P.repair,P.repair_gap,P.repair_max,P.repair_kind,P.repair_every=a.repair,a.repair_gap,a.repair_max,a.repair_kind,a.repair_every
    P.centroid,P.head_weight,P.lead_weight,P.slope,P.req_shape,P.req_span=a.centroid,a.head_weight,a.lead_weight,a.slope,a.req_shape,a.req_span
    P.thread_gap,P.thread_bar,P.thread_margin,P.thread_min,P.thread_features=a.thread_gap,a.thread_bar,a.thread_margin,a.thread_min,a.thread_features
    arts,g=load(a.set,a.gold)
    if a.protagonist_veto is not None:
        P.veto=staticmethod(protagonist_veto(arts,a.protagonist_share)); P.veto_factor=a.protagonist_veto
    pred,_=run(arts)
    p,r,f=bcubed(pred,g)
    print(json.dumps({"system":"simulate.py","set":a.set,"gold":a.gold,"precision":round(p,4),"recall":round(r,4),"f1":round(f,4),"clusters":len(set(pred.values()))}))
    if THREADS:
        links=next(iter(THREADS.values()))[1]
        majority={s:Counter(g[i] for i in pred if pred[i]==s and i in g).most_common(1)[0][0] for s in set(pred.values()) if any(i in g for i in pred if pred[i]==s)}
        right=sum(1 for x,y in links if majority.get(x)==majority.get(y))
        tp,tr,tf=bcubed({i:THREADS[s][0] for i,s in pred.items()},g)
        print(json.dumps({"threads":{"links":len(links),"right":right,"precision":round(tp,4),"recall":round(tr,4),"f1":round(tf,4)}}))
    if a.errors: errors(arts,g,pred)
    if a.unrelated_prefix:
        sizes=Counter(pred.values())
        ones=[i for i in pred if i.startswith(a.unrelated_prefix)]
        joined=[i for i in ones if sizes[pred[i]]>1]
        hosts=set(pred[i] for i in joined)
        others=sum(1 for i in pred if not i.startswith(a.unrelated_prefix) and pred[i] in hosts)
        print(json.dumps({"unrelated":len(ones),"in a story with others":len(joined),"other articles in those stories":others}))
