#!/usr/bin/env python3
"""A Python re-implementation of Newsfold's story model (StoryClusterer, EventProfile), for
trying model changes in seconds instead of a release build. Benchmark tooling only.

It follows the Swift code: the profile (words, capitalised runs, numbers, written dates;
headline words twice), TF-IDF with document frequencies learned as the stream goes, the average
similarity to a story's members with names' share growing with the gap, the window and its
requirement, the chains of dates, and merges with the stories the article came near. It
compares every live story instead of the index's candidates, and keeps whole profiles.
On the dated ECB+ stream (seed 1) it gives the release build's figures: test half
0.886 / 0.714 / 0.791, the same to three places.

Usage: simulate.py SET_DIR [--gold gold.json] [--join 0.22] [--merge 0.25] [--window-days 14]
                   [--entity-share 0.6] [--cohesion 0.6 [--join-only]] [--errors]
--cohesion: an article joins a story of two or more only if its similarity to it (words and
names, no time) is at least this share of the story's cohesion (average similarity between two
members); merges too unless --join-only. Tried for issue 19 and not kept (README).
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

def profile(a):
    t=Counter(); e=Counter()
    if a.get('title'): scan(a['title'],2,False,t,e)
    scan((a.get('text') or '')[:24000],1,True,t,e)
    if not e and a.get('title'): scan(a['title'],0,True,t,e)
    return t,e

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
        s.id=id; s.t={}; s.e={}; s.n=0; s.times=[]; s.members=[]
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
    join=0.22; merge=0.25; share=0.6; growth=14.; cycle=1.; window=14.; slope=0.5; probe=0.5
    cohesion=0.0  # share of the story's cohesion a join needs (0: off)
    merge_cohesion=True  # the same test on merges

def run(arts, P=P, prof=None):
    prof = prof or [profile(a) for a in arts]
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
    def req(gap): return 1 if gap==0 else 1+P.slope*math.log(1+gap/7)
    def sim(A,s,t):
        gap=gapdays(t,s.main(chain))
        if gap>P.window or s.n==0: return 0,gap
        w=dot(A[0],s.t)/s.n
        nm=None if not A[1] or not s.e else dot(A[1],s.e)/s.n
        return content(w,nm,gap)/req(gap),gap
    def ssim(a,b):
        x=a.main(chain); y=b.main(chain); gap=0
        if x and y: gap=max(0,(max(x[0],y[0])-min(x[1],y[1]))/DAY-P.cycle)
        if gap>P.window: return 0
        pr=a.n*b.n
        w=dot(a.t,b.t)/pr
        nm=None if not a.e or not b.e else dot(a.e,b.e)/pr
        return content(w,nm,gap)/req(gap)
    log=[]
    for i in order:
        t,e=prof[i]
        for k in t: df[k]+=1
        for k in e: df['E'+k]+=1
        N+=1
        idf=lambda k: math.log((N+1)/(df[k]+1))+1
        A=(unit({k:(1+math.log(v))*idf(k) for k,v in t.items()}), unit({k:(1+math.log(v))*idf('E'+k) for k,v in e.items()}))
        best=None; near=[]
        ti=times[i]
        for sid in sorted(live):
            s=live[sid]
            sc,gap=sim(A,s,ti)
            if sc>0 and s.n>=2 and P.cohesion and raw(A,s)<P.cohesion*coh(s): sc=0
            if sc>=P.join*P.probe: near.append(sid)
            if best is None or sc>best[1]: best=(sid,sc)
        if best and best[1]>=P.join: sid=best[0]
        else:
            sid=nid; nid+=1; live[sid]=Story(sid)
        s=live[sid]; addto(s.t,A[0]); addto(s.e,A[1]); s.n+=1; s.members.append(i)
        if ti is not None: s.times.append(ti)
        log.append((i,sid,best))
        for o in near:
            if o==sid or o not in live or sid not in live: continue
            if ssim(live[sid],live[o])>=P.merge and not (P.cohesion and P.merge_cohesion and not fits_merge(live[sid],live[o])):
                keep,gone=min(o,sid),max(o,sid)
                k=live[keep]; g=live.pop(gone)
                addto(k.t,g.t); addto(k.e,g.e); k.n+=g.n; k.times+=g.times; k.members+=g.members
                sid=keep
    pred={}
    for s in live.values():
        for m in s.members: pred[arts[m]['id']]=s.id
    return pred,log

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
    a=ap.parse_args()
    P.join,P.merge,P.window,P.share,P.cohesion,P.merge_cohesion=a.join,a.merge,a.window_days,a.entity_share,a.cohesion,not a.join_only
    arts,g=load(a.set,a.gold)
    pred,_=run(arts)
    p,r,f=bcubed(pred,g)
    print(json.dumps({"system":"simulate.py","set":a.set,"gold":a.gold,"precision":round(p,4),"recall":round(r,4),"f1":round(f,4),"clusters":len(set(pred.values()))}))
    if a.errors: errors(arts,g,pred)
