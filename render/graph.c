/*
 * graph.c - the Graphviz picture of an analysis. The only file that calls
 * cgraph and gvc. Every string from DNS data or a capture passes through
 * cs_escape_dot before it reaches an attribute; node ids are ours (ASCII,
 * made of indexes) so the output is the same for the same analysis.
 */
#include "graph.h"

#include "base/buf.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "escape.h"
#include "graph_text.h"

#include <gvc.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* How a state looks: colour and line style, so greyscale still tells. */
typedef struct {
	const char *color, *fontcolor, *style, *penwidth;
} look;

static const look LOOKS[] = {
    [CS_STATE_SECURE] = {"#1f3f9f", "black", "solid", "1.5"},
    [CS_STATE_INSECURE] = {"grey55", "grey35", "solid", "1"},
    [CS_STATE_INDETERMINATE] = {"#e69500", "#8a5a00", "dotted", "2"},
    [CS_STATE_BOGUS] = {"red", "red3", "dashed,bold", "2.5"},
};

/* A node we made, with what findings may name it by and its label. */
typedef struct {
	Agnode_t *n;
	char *subject; /* finding subject that marks it, or NULL */
	cs_buf label;  /* escaped label text, markers appended later */
	bool marked;
} gnode;

typedef struct {
	Agraph_t *g;
	Agraph_t **cl; /* one cluster per zone */
	cs_buf *cl_label;
	gnode *nodes;
	size_t n, cap;
	char **seen; /* edge keys already drawn */
	size_t nseen, capseen;
	bool all_signatures; /* draw redundant signature edges too */
	bool oom;
} ctx;

/* Set an attribute; a value must not end in a backslash (cgraph would
 * write it before the closing quote), so one gets a space. */
static void set(void *obj, const char *k, const char *v)
{
	size_t l = strlen(v);
	if (l > 0 && v[l - 1] == '\\') {
		char *t = malloc(l + 2);
		if (t == NULL)
			return;
		memcpy(t, v, l);
		t[l] = ' ';
		t[l + 1] = 0;
		agsafeset(obj, (char *)k, t, (char *)"");
		free(t);
		return;
	}
	agsafeset(obj, (char *)k, (char *)v, (char *)"");
}

static void set_look(void *obj, cs_state s, const char *basestyle, bool edge)
{
	const look *l = &LOOKS[s];
	char style[64];
	if (basestyle && *basestyle)
		snprintf(style, sizeof(style), "%s,%s", basestyle, l->style);
	else
		snprintf(style, sizeof(style), "%s", l->style);
	set(obj, "color", l->color);
	set(obj, "fontcolor", l->fontcolor);
	set(obj, "style", style);
	set(obj, "penwidth", l->penwidth);
	(void)edge;
}

/* True the first time key is seen: duplicate edges are drawn once. */
static bool first_time(ctx *x, const char *key)
{
	for (size_t i = 0; i < x->nseen; i++)
		if (strcmp(x->seen[i], key) == 0)
			return false;
	if (x->nseen == x->capseen) {
		size_t nc = x->capseen ? x->capseen * 2 : 64;
		char **v = realloc(x->seen, nc * sizeof(*v));
		if (v == NULL) {
			x->oom = true;
			return false;
		}
		x->seen = v;
		x->capseen = nc;
	}
	x->seen[x->nseen] = strdup(key);
	if (x->seen[x->nseen] == NULL) {
		x->oom = true;
		return false;
	}
	x->nseen++;
	return true;
}

static gnode *mk_node(ctx *x, Agraph_t *sub, const char *id, const char *subject, cs_state s,
		      const char *shape, const char *basestyle)
{
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 64;
		gnode *v = realloc(x->nodes, nc * sizeof(*v));
		if (v == NULL) {
			x->oom = true;
			return NULL;
		}
		x->nodes = v;
		x->cap = nc;
	}
	Agnode_t *n = agnode(sub, (char *)id, 1);
	if (n == NULL) {
		x->oom = true;
		return NULL;
	}
	gnode *gn = &x->nodes[x->n++];
	memset(gn, 0, sizeof(*gn));
	gn->n = n;
	gn->subject = subject ? strdup(subject) : NULL;
	cs_buf_init(&gn->label);
	set(n, "shape", shape);
	set_look(n, s, basestyle, false);
	return gn;
}

static gnode *find_node(ctx *x, const char *id)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(agnameof(x->nodes[i].n), id) == 0)
			return &x->nodes[i];
	return NULL;
}

static Agedge_t *mk_edge(ctx *x, gnode *t, gnode *h, cs_state s, const char *basestyle)
{
	if (t == NULL || h == NULL)
		return NULL;
	Agedge_t *e = agedge(x->g, t->n, h->n, NULL, 1);
	if (e == NULL) {
		x->oom = true;
		return NULL;
	}
	set_look(e, s, basestyle, true);
	return e;
}

/* An invisible edge that only keeps t above h in the layout. */
static void layout_edge(ctx *x, gnode *t, gnode *h)
{
	if (t == NULL || h == NULL || t == h)
		return;
	Agedge_t *e = agedge(x->g, t->n, h->n, NULL, 1);
	if (e == NULL) {
		x->oom = true;
		return;
	}
	set(e, "style", "invis");
}

/* Keep node n of zone zi below the zone's keys (ZSKs when it has some). */
static void below_keys(ctx *x, const cs_zone *z, size_t zi, gnode *n, bool zsk_only)
{
	char id[64];
	for (size_t k = 0; k < z->nkeys; k++) {
		bool sep = z->keys[k].flags & CS_DNSKEY_FLAG_SEP;
		if (zsk_only && sep)
			continue;
		snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
		layout_edge(x, find_node(x, id), n);
	}
}

/* Keys drawn per zone; more (a KeyTrap-style set of hundreds) share one
 * "more keys" node so the picture stays readable. */
#define KEYS_SHOWN 8

static int key_rank(const cs_key *k)
{
	return k->ds_match || k->signs_dnskey ? 0 : k->trusted ? 1 : 2;
}

/* Is key k of z drawn? The keys the chain uses come first, then the zone's
 * order, up to KEYS_SHOWN. */
static bool key_shown(const cs_zone *z, size_t k)
{
	if (z->nkeys <= KEYS_SHOWN)
		return true;
	int r = key_rank(&z->keys[k]);
	size_t before = 0;
	for (size_t j = 0; j < z->nkeys; j++) {
		int rj = key_rank(&z->keys[j]);
		before += rj < r || (rj == r && j < k);
	}
	return before < KEYS_SHOWN;
}

/* The node of key k of zone zi: its own, or the zone's "more keys" node. */
static gnode *key_node(ctx *x, size_t zi, size_t k)
{
	char id[64];
	snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
	gnode *n = find_node(x, id);
	if (n == NULL) {
		snprintf(id, sizeof(id), "z%zu_more", zi);
		n = find_node(x, id);
	}
	return n;
}

/* The node a signature comes from: the zone's key, or a dashed "unknown
 * key" node when no DNSKEY has its tag and algorithm. */
static gnode *signer(ctx *x, const cs_analysis *a, size_t zi, const cs_sig_eval *s)
{
	char id[64];
	if (s->key >= 0)
		return key_node(x, zi, (size_t)s->key);
	unsigned tag, alg;
	cs_gtext_sig_tag(s, &tag, &alg);
	/* Not linked by the analyzer (e.g. the key is not trusted): the key
	 * with its tag and algorithm, when the zone has one. */
	const cs_zone *z = &a->zones[zi];
	for (size_t k = 0; k < z->nkeys; k++)
		if (z->keys[k].tag == tag && z->keys[k].algorithm == alg)
			return key_node(x, zi, k);
	snprintf(id, sizeof(id), "z%zu_unknown_%u_%u", zi, tag, alg);
	gnode *n = find_node(x, id);
	if (n == NULL &&
	    (n = mk_node(x, x->cl[zi], id, NULL, CS_STATE_BOGUS, "ellipse", "dashed")) != NULL)
		cs_buf_printf(&n->label, "unknown key\\ntag %u alg %u", tag, alg);
	return n;
}

/* Is signature s over rs one a reader does not need (compact mode, as
 * DNSViz does by default)? Over a DNSKEY RRset, a valid signature by a
 * non-SEP key when a SEP key's signature is valid too; over other data, a
 * valid signature by a SEP key when a non-SEP key's signature is valid. */
static bool redundant(const ctx *x, const cs_zone *z, const cs_rrset *rs, const cs_sig_eval *s,
		      bool dnskey_set)
{
	if (x->all_signatures || s->status != CS_SIG_VALID || s->key < 0)
		return false;
	bool sep = z->keys[s->key].flags & CS_DNSKEY_FLAG_SEP;
	if (sep == dnskey_set)
		return false;
	for (size_t i = 0; i < rs->nsigs; i++) {
		const cs_sig_eval *o = &rs->sigs[i];
		if (o != s && o->status == CS_SIG_VALID && o->key >= 0 &&
		    (bool)(z->keys[o->key].flags & CS_DNSKEY_FLAG_SEP) == dnskey_set)
			return true;
	}
	return false;
}

/* Signature edges from the signing keys of zone zi to node h. split: the
 * servers disagree about this RRset, so a failing edge names the servers
 * that serve it. */
static void sig_edges(ctx *x, const cs_analysis *a, size_t zi, const cs_rrset *rs, gnode *h,
		      bool split)
{
	for (size_t i = 0; i < rs->nsigs && h; i++) {
		const cs_sig_eval *s = &rs->sigs[i];
		if (redundant(x, &a->zones[zi], rs, s, false))
			continue;
		gnode *t = signer(x, a, zi, s);
		if (t == NULL)
			continue;
		char key[160];
		snprintf(key, sizeof(key), "%s>%s:%d", agnameof(t->n), agnameof(h->n),
			 (int)s->status);
		if (!first_time(x, key))
			continue;
		Agedge_t *e = mk_edge(x, t, h, cs_gtext_sig_state(s->status), "");
		if (e == NULL)
			continue;
		cs_buf tt;
		cs_buf_init(&tt);
		cs_gtext_sig_tooltip(&tt, rs, s);
		set(e, "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
		if (s->status != CS_SIG_VALID) {
			cs_buf lb;
			cs_buf_init(&lb);
			cs_buf_str(&lb, cs_sig_status_str(s->status));
			for (size_t v = 0; split && v < rs->nservers && v < 3; v++) {
				cs_buf_str(&lb, v ? ", " : "\\nat ");
				cs_escape_dot(&lb, rs->servers[v]);
			}
			if (split && rs->nservers > 3)
				cs_buf_printf(&lb, " +%zu", rs->nservers - 3);
			set(e, "label", cs_buf_cstr(&lb));
			cs_buf_free(&lb);
		}
	}
}

/* When servers disagree about the DNSKEY RRset and only some serve key:
 * append "\nonly at ADDR, ..." to its label. */
static void key_servers(cs_buf *label, const cs_zone *z, const cs_key *key)
{
	size_t answered = 0;
	for (size_t s = 0; s < z->nservers; s++)
		answered += z->servers[s].answered;
	if (z->ndnskey < 2 || key->nservers >= answered)
		return;
	size_t shown = 0;
	for (size_t v = 0; v < z->ndnskey; v++) {
		const cs_rrset *rs = &z->dnskey[v];
		bool has = false;
		for (size_t r = 0; r < rs->nrrs && !has; r++)
			has = rs->rrs[r]->rdlen == key->rr->rdlen &&
			      memcmp(rs->rrs[r]->rdata, key->rr->rdata, key->rr->rdlen) == 0;
		for (size_t s = 0; has && s < rs->nservers; s++, shown++) {
			if (shown < 3) {
				cs_buf_str(label, shown ? ", " : "\\nonly at ");
				cs_escape_dot(label, rs->servers[s]);
			}
		}
	}
	if (shown > 3)
		cs_buf_printf(label, " +%zu", shown - 3);
}

static void zone_keys(ctx *x, const cs_analysis *a, size_t zi)
{
	const cs_zone *z = &a->zones[zi];
	char id[64], zn[CS_NAME_TEXT_MAX], subj[CS_NAME_TEXT_MAX + 16];
	snprintf(subj, sizeof(subj), "%s DNSKEY", cs_name_str(&z->name, zn));
	size_t hidden = 0;
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		if (!key_shown(z, k)) {
			hidden++;
			continue;
		}
		bool sep = key->flags & CS_DNSKEY_FLAG_SEP;
		cs_state st = key->trusted		    ? CS_STATE_SECURE
			      : z->state == CS_STATE_SECURE ? CS_STATE_INSECURE
							    : z->state;
		snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
		gnode *n =
		    mk_node(x, x->cl[zi], id, sep ? subj : NULL, st, sep ? "box" : "ellipse", "");
		if (n == NULL)
			return;
		cs_buf_printf(&n->label, "DNSKEY %u\\nalg %u, %u bits", key->tag, key->algorithm,
			      key->bits);
		if (key->flags & CS_DNSKEY_FLAG_REVOKE)
			cs_buf_str(&n->label, "\\nREVOKED");
		key_servers(&n->label, z, key);
		cs_buf tt;
		cs_buf_init(&tt);
		cs_buf_printf(&tt, "%s, flags %u%s%s\\n", sep ? "KSK (SEP)" : "ZSK", key->flags,
			      key->ds_match ? ", matches a DS" : "",
			      key->signs_dnskey ? ", signs the DNSKEY RRset" : "");
		if (key->rr)
			cs_gtext_rr(&tt, key->rr);
		cs_buf_printf(&tt, "served by %zu server(s)", key->nservers);
		set(n->n, "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
	}
	if (hidden > 0) {
		snprintf(id, sizeof(id), "z%zu_more", zi);
		gnode *n = mk_node(x, x->cl[zi], id, NULL,
				   z->state == CS_STATE_SECURE ? CS_STATE_INSECURE : z->state,
				   "box3d", "");
		if (n == NULL)
			return;
		cs_buf_printf(&n->label, "%zu more DNSKEYs", hidden);
		cs_buf tt;
		cs_buf_init(&tt);
		cs_buf_str(&tt, "not drawn one by one (tag/algorithm):");
		size_t listed = 0;
		for (size_t k = 0; k < z->nkeys && listed < 64; k++)
			if (!key_shown(z, k)) {
				cs_buf_printf(&tt, "%s%u/%u", listed % 8 ? " " : "\\n",
					      z->keys[k].tag, z->keys[k].algorithm);
				listed++;
			}
		if (hidden > listed)
			cs_buf_printf(&tt, "\\n... and %zu more", hidden - listed);
		set(n->n, "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
	}
	bool has_zsk = false;
	for (size_t k = 0; k < z->nkeys; k++)
		has_zsk |= !(z->keys[k].flags & CS_DNSKEY_FLAG_SEP);
	/* KSKs above ZSKs: the KSK signs the DNSKEY RRset holding the ZSK. */
	for (size_t k = 0; k < z->nkeys && has_zsk; k++)
		for (size_t j = 0; j < z->nkeys; j++) {
			if (!(z->keys[k].flags & CS_DNSKEY_FLAG_SEP) ||
			    (z->keys[j].flags & CS_DNSKEY_FLAG_SEP) || !key_shown(z, k) ||
			    !key_shown(z, j))
				continue;
			char jd[64];
			snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
			snprintf(jd, sizeof(jd), "z%zu_k%zu", zi, j);
			layout_edge(x, find_node(x, id), find_node(x, jd));
		}
	if (z->nkeys == 0) {
		snprintf(id, sizeof(id), "z%zu_nokeys", zi);
		gnode *n = mk_node(x, x->cl[zi], id, subj, z->state, "plaintext", "");
		if (n)
			cs_buf_str(&n->label,
				   z->signed_zone ? "no usable DNSKEY" : "unsigned\\n(no DNSKEY)");
	}
	/* DNSKEY self-signatures: loops on the signing key. */
	for (size_t v = 0; v < z->ndnskey; v++) {
		const cs_rrset *rs = &z->dnskey[v];
		for (size_t i = 0; i < rs->nsigs; i++) {
			if (redundant(x, z, rs, &rs->sigs[i], true))
				continue;
			gnode *t = signer(x, a, zi, &rs->sigs[i]);
			if (t == NULL)
				continue;
			gnode *h = t;
			if (strncmp(agnameof(t->n), "z", 1) == 0 &&
			    strstr(agnameof(t->n), "_unknown_") != NULL) { /* to the first key */
				if (z->nkeys) {
					h = key_node(x, zi, 0);
				} else {
					snprintf(id, sizeof(id), "z%zu_nokeys", zi);
					h = find_node(x, id);
				}
			}
			cs_rrset one = *rs;
			one.sigs = &rs->sigs[i];
			one.nsigs = 1;
			sig_edges(x, a, zi, &one, h, z->ndnskey > 1);
		}
	}
}

/* The DS RRset of zone zi, drawn in its parent's cluster, and the
 * delegation edges into zi. */
static void zone_ds(ctx *x, const cs_analysis *a, size_t zi)
{
	const cs_zone *z = &a->zones[zi];
	if (z->parent < 0)
		return;
	size_t pi = (size_t)z->parent;
	char id[96], zn[CS_NAME_TEXT_MAX];
	cs_name_str(&z->name, zn);
	gnode *child = NULL;
	snprintf(id, sizeof(id), "z%zu_nokeys", zi);
	child = z->nkeys ? key_node(x, zi, 0) : find_node(x, id);
	for (size_t d = 0; d < z->nds; d++) {
		const cs_rrset *rs = &z->ds[d];
		for (size_t r = 0; r < rs->nrrs; r++) {
			cs_ds_view v;
			if (cs_ds_view_parse(rs->rrs[r]->rdata, rs->rrs[r]->rdlen, &v) != CS_OK)
				continue;
			/* One node per distinct DS record, whichever variant has it:
			 * named after its first occurrence. */
			size_t fd = d, fr = r;
			for (size_t d2 = 0; d2 <= d && fd == d && fr == r; d2++)
				for (size_t r2 = 0; r2 < z->ds[d2].nrrs && (d2 < d || r2 < r); r2++)
					if (z->ds[d2].rrs[r2]->rdlen == rs->rrs[r]->rdlen &&
					    memcmp(z->ds[d2].rrs[r2]->rdata, rs->rrs[r]->rdata,
						   rs->rrs[r]->rdlen) == 0) {
						fd = d2;
						fr = r2;
						break;
					}
			snprintf(id, sizeof(id), "z%zu_ds%zu_%zu", zi, fd, fr);
			gnode *n = find_node(x, id);
			if (n == NULL) {
				n = mk_node(x, x->cl[pi], id, zn, rs->state, "box", "rounded");
				if (n == NULL)
					return;
				cs_buf_printf(&n->label, "DS %u/%u/%u", v.key_tag, v.algorithm,
					      v.digest_type);
				cs_buf tt;
				cs_buf_init(&tt);
				cs_buf_str(&tt, "DS for ");
				cs_escape_dot(&tt, zn);
				cs_buf_printf(&tt, " (%s, digest %s)\\n", cs_state_str(rs->state),
					      cs_ds_digest_name(v.digest_type)
						  ? cs_ds_digest_name(v.digest_type)
						  : "unknown");
				cs_gtext_rr(&tt, rs->rrs[r]);
				cs_gtext_servers(&tt, rs->servers, rs->nservers);
				set(n->n, "tooltip", cs_buf_cstr(&tt));
				cs_buf_free(&tt);
				/* DS -> the child key it matches, else a missing key. */
				gnode *key = NULL;
				bool match = false;
				for (size_t k = 0; k < z->nkeys; k++)
					if (z->keys[k].tag == v.key_tag &&
					    z->keys[k].algorithm == v.algorithm) {
						key = key_node(x, zi, k);
						match = z->keys[k].ds_match;
						break;
					}
				if (key == NULL) {
					char mid[64];
					snprintf(mid, sizeof(mid), "z%zu_missing_%u_%u", zi,
						 v.key_tag, v.algorithm);
					key = find_node(x, mid);
					if (key == NULL &&
					    (key = mk_node(x, x->cl[zi], mid, NULL, z->delegation,
							   "box", "dashed")) != NULL)
						cs_buf_printf(&key->label,
							      "missing key\\ntag %u alg %u",
							      v.key_tag, v.algorithm);
				}
				Agedge_t *e =
				    mk_edge(x, n, key, match ? z->delegation : CS_STATE_BOGUS, "");
				if (e && !match)
					set(e, "label", "no match");
			}
			sig_edges(x, a, pi, rs, n, z->nds > 1);
		}
	}
	if (z->nds == 0) {
		snprintf(id, sizeof(id), "z%zu_nods", zi);
		gnode *n = mk_node(x, x->cl[pi], id, zn, z->delegation, "plaintext", "");
		if (n == NULL)
			return;
		/* Under the parent's keys (a ZSK signs the proof), so the child
		 * lands below its parent as when a DS links them. */
		below_keys(x, &a->zones[pi], pi, n, true);
		cs_buf_str(&n->label, "no DS for ");
		cs_escape_dot(&n->label, zn);
		cs_buf_str(&n->label,
			   z->ds_proven_absent ? "\\n(proven absent)" : "\\n(not proven)");
		Agedge_t *e = mk_edge(x, n, child, z->delegation, "");
		if (e) {
			char cl[64];
			snprintf(cl, sizeof(cl), "cluster_z%zu", zi);
			set(e, "lhead", cl);
			set(e, "label", "delegation");
		}
	}
}

/* Append "\\nfrom ADDR [+N]": whose version of an RRset a node shows. */
static void from_servers(cs_buf *label, const cs_rrset *rs)
{
	if (rs->nservers == 0)
		return;
	cs_buf_str(label, "\\nfrom ");
	cs_escape_dot(label, rs->servers[0]);
	if (rs->nservers > 1)
		cs_buf_printf(label, " +%zu", rs->nservers - 1);
}

/* The CDS and CDNSKEY RRsets a zone publishes (RFC 7344): one node per
 * variant, under the zone's ZSKs, with its signature edges. */
static void zone_cds(ctx *x, const cs_analysis *a, size_t zi)
{
	const cs_zone *z = &a->zones[zi];
	char id[64], tb[16], zn[CS_NAME_TEXT_MAX], subj[CS_NAME_TEXT_MAX + 16];
	for (size_t v = 0; v < z->ncds; v++) {
		const cs_rrset *rs = &z->cds[v];
		snprintf(id, sizeof(id), "z%zu_cds%zu", zi, v);
		snprintf(subj, sizeof(subj), "%s %s", cs_name_str(&z->name, zn),
			 cs_rrtype_str(rs->type, tb));
		gnode *n = mk_node(x, x->cl[zi], id, subj, rs->state, "box", "rounded");
		if (n == NULL)
			return;
		/* Another version, or servers without one: say whose it is. */
		size_t answered = 0;
		for (size_t o = 0; o < z->nservers; o++)
			answered += z->servers[o].answered;
		bool split = rs->nservers < answered;
		for (size_t o = 0; o < z->ncds; o++)
			split |= o != v && z->cds[o].type == rs->type;
		cs_buf_printf(&n->label, "%s", tb);
		for (size_t r = 0; r < rs->nrrs && r < 4; r++) {
			const cs_rr *rr = rs->rrs[r];
			size_t at = rr->type == CS_TYPE_CDS ? 2 : 3;
			if (rr->rdlen > at && rr->rdata[at] == 0)
				cs_buf_str(&n->label, "\\ndelete");
			else if (rr->rdlen > at)
				cs_buf_printf(&n->label, "\\nkey %u alg %u",
					      rr->type == CS_TYPE_CDS
						  ? (unsigned)(rr->rdata[0] << 8 | rr->rdata[1])
						  : (unsigned)cs_keytag(rr->rdata, rr->rdlen),
					      (unsigned)rr->rdata[at]);
		}
		if (rs->nrrs > 4)
			cs_buf_printf(&n->label, "\\n+%zu more", rs->nrrs - 4);
		if (split)
			from_servers(&n->label, rs);
		cs_buf tt;
		cs_buf_init(&tt);
		cs_buf_printf(&tt, "%s: what %s asks its parent to publish as DS (%s)\\n", tb, zn,
			      cs_state_str(rs->state));
		for (size_t r = 0; r < rs->nrrs; r++)
			cs_gtext_rr(&tt, rs->rrs[r]);
		cs_gtext_servers(&tt, rs->servers, rs->nservers);
		set(n->n, "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
		sig_edges(x, a, zi, rs, n, split);
		if (rs->nsigs == 0)
			below_keys(x, z, zi, n, true);
	}
}

static void answers(ctx *x, const cs_analysis *a)
{
	char id[64], tb[16], nb[CS_NAME_TEXT_MAX], subj[CS_NAME_TEXT_MAX + 16];
	gnode *prev = NULL;
	for (size_t li = 0; li < a->nlinks; li++) {
		const cs_answer_link *l = &a->links[li];
		Agraph_t *sub = l->zone >= 0 ? x->cl[l->zone] : x->g;
		gnode *first = NULL;
		gnode *neg = NULL;
		if (l->kind != CS_ANSWER_DATA || l->nrrsets == 0) {
			/* A negative answer, or data no RRset of which was kept
			 * (it did not validate). */
			snprintf(id, sizeof(id), "l%zu_neg", li);
			snprintf(subj, sizeof(subj), "%s %s", cs_name_str(&l->name, nb),
				 cs_rrtype_str(l->type, tb));
			neg = mk_node(x, sub, id, subj, l->state,
				      l->kind == CS_ANSWER_DATA ? "box" : "octagon",
				      l->kind == CS_ANSWER_DATA ? "rounded" : "");
			if (neg == NULL)
				return;
			if (l->kind != CS_ANSWER_DATA)
				cs_buf_str(&neg->label,
					   l->kind == CS_ANSWER_NXDOMAIN ? "NXDOMAIN\\n"
					   : l->kind == CS_ANSWER_NODATA ? "NODATA\\n"
									 : "no answer\\n");
			cs_gtext_name(&neg->label, &l->name);
			cs_buf_printf(&neg->label, " %s", tb);
			if (l->kind == CS_ANSWER_DATA)
				cs_buf_printf(&neg->label, "\\n%s", cs_state_str(l->state));
			cs_buf tt;
			cs_buf_init(&tt);
			cs_escape_dot(&tt, l->proof		       ? l->proof
					   : l->kind == CS_ANSWER_DATA ? "no RRset validated"
								       : "no proof");
			set(neg->n, "tooltip", cs_buf_cstr(&tt));
			cs_buf_free(&tt);
			first = neg;
			if (l->zone >= 0 && l->nrrsets == 0)
				below_keys(x, &a->zones[l->zone], (size_t)l->zone, neg, true);
		}
		for (size_t r = 0; r < l->nrrsets; r++) {
			const cs_rrset *rs = &l->rrsets[r];
			snprintf(id, sizeof(id), "l%zu_r%zu", li, r);
			snprintf(subj, sizeof(subj), "%s %s", cs_name_str(&rs->owner, nb),
				 cs_rrtype_str(rs->type, tb));
			gnode *n = mk_node(x, sub, id, subj, rs->state, "box", "rounded");
			if (n == NULL)
				return;
			cs_gtext_name(&n->label, &rs->owner);
			cs_buf_printf(&n->label, "\\n%s", tb);
			if (rs->nrrs != 1)
				cs_buf_printf(&n->label, " (%zu records)", rs->nrrs);
			/* Servers that disagree: each version says whose it is. */
			bool split = false;
			for (size_t o = 0; o < l->nrrsets; o++)
				split |= o != r && l->rrsets[o].type == rs->type &&
					 cs_name_equal(&l->rrsets[o].owner, &rs->owner);
			if (split)
				from_servers(&n->label, rs);
			cs_buf tt;
			cs_buf_init(&tt);
			cs_buf_printf(&tt, "%s\\n", cs_state_str(rs->state));
			for (size_t k = 0; k < rs->nrrs; k++)
				cs_gtext_rr(&tt, rs->rrs[k]);
			cs_gtext_servers(&tt, rs->servers, rs->nservers);
			set(n->n, "tooltip", cs_buf_cstr(&tt));
			cs_buf_free(&tt);
			if (l->zone >= 0) {
				sig_edges(x, a, (size_t)l->zone, rs, n, split);
				if (rs->nsigs == 0)
					below_keys(x, &a->zones[l->zone], (size_t)l->zone, n, true);
			}
			if (neg) {
				Agedge_t *e = mk_edge(x, n, neg, rs->state, "");
				if (e)
					set(e, "arrowhead", "onormal");
			} else if (first == NULL) {
				first = n;
			}
		}
		if (prev && first) {
			Agedge_t *e = mk_edge(x, prev, first, CS_STATE_INSECURE, "");
			if (e)
				set(e, "label", "CNAME");
		}
		if (first)
			prev = first;
	}
}

static void findings(ctx *x, const cs_analysis *a, Agraph_t *bottom)
{
	gnode *panel = mk_node(x, bottom, "findings", NULL, CS_STATE_INSECURE, "note", "");
	if (panel == NULL)
		return;
	set(panel->n, "color", "black");
	set(panel->n, "fontcolor", "black");
	if (a->nfindings == 0)
		cs_buf_str(&panel->label, "No findings\\l");
	else
		cs_buf_str(&panel->label, "Findings\\l");
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding *f = &a->findings[i];
		const cs_finding_info *fi = cs_finding_info_get(f->code);
		char zn[CS_NAME_TEXT_MAX];
		cs_buf head;
		cs_buf_init(&head);
		cs_buf_printf(&head, "[%s] %s %s: %s", fi->code, cs_severity_str(fi->severity),
			      cs_name_str(&f->zone, zn), f->message ? f->message : fi->title);
		cs_gtext_wrap(&panel->label, "", cs_buf_cstr(&head), 80);
		cs_buf_reset(&head);
		cs_buf_printf(&head, "fix: %s", f->fix ? f->fix : fi->fix);
		cs_gtext_wrap(&panel->label, "    ", cs_buf_cstr(&head), 76);
		cs_buf_free(&head);
		/* Mark the nodes the finding concerns, else its zone. */
		bool any = false;
		for (size_t k = 0; k < x->n && f->subject; k++) {
			gnode *n = &x->nodes[k];
			if (n->subject && strcmp(n->subject, f->subject) == 0) {
				cs_buf_printf(&n->label, "\\n[%s]", fi->code);
				any = true;
			}
		}
		for (size_t z = 0; z < a->nzones && !any; z++)
			if (cs_name_equal(&a->zones[z].name, &f->zone)) {
				cs_buf_printf(&x->cl_label[z], "\\n[%s]", fi->code);
				any = true;
			}
		if (!any)
			cs_buf_printf(&x->cl_label[0], "\\n[%s]", fi->code);
	}
}

/* The legend: one node with a static HTML-like table (no DNS data in it),
 * so it stays a compact column beside the chain. Cell borders take each
 * state's colour and line style. */
static void legend(ctx *x, Agraph_t *bottom)
{
	static const char table[] =
	    "<TABLE BORDER=\"1\" COLOR=\"grey70\" CELLBORDER=\"1\" CELLSPACING=\"5\" "
	    "CELLPADDING=\"4\">"
	    "<TR><TD BORDER=\"0\"><B>legend</B></TD></TR>"
	    "<TR><TD COLOR=\"#1f3f9f\">secure: blue, solid</TD></TR>"
	    "<TR><TD COLOR=\"grey55\"><FONT COLOR=\"grey35\">insecure: grey, thin</FONT></TD></TR>"
	    "<TR><TD COLOR=\"red\" BORDER=\"2\" STYLE=\"dashed\"><FONT COLOR=\"red3\">bogus: "
	    "red, dashed</FONT></TD></TR>"
	    "<TR><TD COLOR=\"#e69500\" BORDER=\"2\" STYLE=\"dotted\"><FONT "
	    "COLOR=\"#8a5a00\">indeterminate: orange, dotted</FONT></TD></TR>"
	    "<TR><TD BORDER=\"0\">rectangle: KSK (SEP)</TD></TR>"
	    "<TR><TD BORDER=\"0\">ellipse: ZSK</TD></TR>"
	    "<TR><TD BORDER=\"0\">rounded: RRset or DS</TD></TR>"
	    "<TR><TD BORDER=\"0\">octagon: NXDOMAIN / NODATA</TD></TR>"
	    "<TR><TD BORDER=\"0\">dashed box: missing key</TD></TR>"
	    "<TR><TD BORDER=\"0\">arrow: signature, key to what it signs;<BR/>"
	    "DS to the key it matches</TD></TR>"
	    "<TR><TD BORDER=\"0\">[CODE]: a finding, listed in Findings</TD></TR>"
	    "</TABLE>";
	Agnode_t *n = agnode(bottom, (char *)"legend", 1);
	if (n == NULL) {
		x->oom = true;
		return;
	}
	char *html = agstrdup_html(x->g, (char *)table);
	if (html == NULL) {
		x->oom = true;
		return;
	}
	agsafeset(n, (char *)"label", html, (char *)"");
	agstrfree(x->g, html);
	set(n, "shape", "plaintext");
	set(n, "fontsize", "10");
}

static void build(ctx *x, const cs_analysis *a, const cs_capture *c)
{
	set(x->g, "rankdir", "TB");
	set(x->g, "compound", "true");
	set(x->g, "labelloc", "t");
	set(x->g, "fontname", "Helvetica");
	set(x->g, "fontsize", "16");
	set(x->g, "newrank", "true");
	agattr(x->g, AGNODE, (char *)"fontname", (char *)"Helvetica");
	agattr(x->g, AGEDGE, (char *)"fontname", (char *)"Helvetica");
	agattr(x->g, AGEDGE, (char *)"fontsize", (char *)"10");
	cs_buf t;
	cs_buf_init(&t);
	cs_gtext_title(&t, a, c);
	set(x->g, "label", cs_buf_cstr(&t));
	cs_buf_free(&t);
	for (size_t i = 0; i < a->nzones; i++) {
		char id[48];
		snprintf(id, sizeof(id), "cluster_z%zu", i);
		x->cl[i] = agsubg(x->g, id, 1);
		if (x->cl[i] == NULL) {
			x->oom = true;
			return;
		}
		const cs_zone *z = &a->zones[i];
		set_look(x->cl[i], z->state, "", false);
		set(x->cl[i], "fontsize", "14");
		cs_gtext_name(&x->cl_label[i], &z->name);
		cs_buf_printf(&x->cl_label[i], "\\n%s", cs_state_str(z->state));
		if (z->parent >= 0 && z->delegation != z->state)
			cs_buf_printf(&x->cl_label[i], ", delegation %s",
				      cs_state_str(z->delegation));
		cs_buf tt;
		cs_buf_init(&tt);
		for (size_t s = 0; s < z->nservers; s++) {
			cs_escape_dot(&tt, z->servers[s].address);
			cs_buf_u8(&tt, ' ');
			cs_escape_dot(&tt, z->servers[s].ns_name ? z->servers[s].ns_name : "");
			cs_buf_printf(&tt, " %s ", cs_state_str(z->servers[s].state));
			cs_escape_dot(&tt, z->servers[s].reason);
			cs_buf_str(&tt, "\\n");
		}
		set(x->cl[i], "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
	}
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_keys(x, a, i);
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_ds(x, a, i);
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_cds(x, a, i);
	answers(x, a);
	/* Findings and legend in one row under the chain. */
	Agraph_t *bottom = agsubg(x->g, (char *)"bottom", 1);
	if (bottom == NULL) {
		x->oom = true;
		return;
	}
	set(bottom, "rank", "same");
	findings(x, a, bottom);
	legend(x, bottom);
	gnode *panel = find_node(x, "findings");
	for (size_t i = 0; i < x->n && panel; i++)
		if (agnameof(x->nodes[i].n)[0] == 'l') /* answers: l<link>_... */
			layout_edge(x, &x->nodes[i], panel);
	for (size_t i = 0; i < x->n; i++)
		set(x->nodes[i].n, "label", cs_buf_cstr(&x->nodes[i].label));
	for (size_t i = 0; i < a->nzones; i++)
		set(x->cl[i], "label", cs_buf_cstr(&x->cl_label[i]));
}

/* Object ids in creation order. cgraph's own id discipline uses the address
 * of a name's string as its id, and orders subgraphs by id: the clusters
 * would come out in heap order. Named objects here get a sequential id and
 * cgraph keeps their names in its internal map. */
typedef struct {
	IDTYPE next;
} idstate;

static void *id_open(Agraph_t *g, Agdisc_t *d)
{
	(void)g;
	(void)d;
	idstate *s = malloc(sizeof(*s));
	if (s)
		s->next = 1;
	return s;
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	(void)objtype;
	idstate *s = state;
	if (str != NULL || !createflag || s == NULL)
		return 0; /* names: cgraph's internal map */
	*id = s->next;
	s->next += 2;
	return 1;
}

static long id_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0;
}

static void id_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *id_print(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return NULL;
}

static void id_close(void *state)
{
	free(state);
}

static void id_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seq_ids = {id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};

static char g_errbuf[512];

/* Graphviz's messages: keep the first, print none. */
static int on_gv_error(char *msg)
{
	if (g_errbuf[0] == 0 && msg) {
		snprintf(g_errbuf, sizeof(g_errbuf), "%s", msg);
		size_t l = strlen(g_errbuf);
		while (l > 0 && (g_errbuf[l - 1] == '\n' || g_errbuf[l - 1] == ' '))
			g_errbuf[--l] = 0;
	}
	return 0;
}

struct cs_graphviz {
	GVC_t *gvc;
};

cs_graphviz *cs_graphviz_new(void)
{
	cs_graphviz *g = calloc(1, sizeof(*g));
	if (g == NULL)
		return NULL;
	g->gvc = gvContext();
	if (g->gvc == NULL) {
		free(g);
		return NULL;
	}
	return g;
}

void cs_graphviz_free(cs_graphviz **g)
{
	if (g == NULL || *g == NULL)
		return;
	gvFreeContext((*g)->gvc);
	free(*g);
	*g = NULL;
}

cs_err cs_render_graph(cs_graphviz *gv, const cs_analysis *a, const cs_capture *c,
		       const char *format, const cs_graph_opts *opts, FILE *out, char *errmsg,
		       size_t errlen)
{
	bool dot = strcmp(format, "dot") == 0;
	if (!dot && strcmp(format, "svg") != 0 && strcmp(format, "png") != 0) {
		snprintf(errmsg, errlen, "unknown graph format '%s' (dot, svg or png)", format);
		return CS_EINVAL;
	}
	cs_err rc = CS_OK;
	ctx x = {0};
	x.all_signatures = opts && opts->all_signatures;
	GVC_t *gvc = NULL;
	g_errbuf[0] = 0;
	agusererrf old = agseterrf(on_gv_error);
	x.cl = calloc(a->nzones + 1, sizeof(*x.cl));
	x.cl_label = calloc(a->nzones + 1, sizeof(*x.cl_label));
	Agdisc_t disc = {&AgMemDisc, &seq_ids, &AgIoDisc};
	x.g = agopen((char *)"chainscope", Agdirected, &disc);
	if (x.cl == NULL || x.cl_label == NULL || x.g == NULL) {
		rc = CS_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < a->nzones; i++)
		cs_buf_init(&x.cl_label[i]);
	build(&x, a, c);
	if (x.oom) {
		rc = CS_ENOMEM;
		goto out;
	}
	if (dot) {
		if (agwrite(x.g, out) != 0)
			rc = CS_EIO;
		goto out;
	}
	gvc = gv->gvc;
	if (gvLayout(gvc, x.g, "dot") != 0) {
		rc = CS_EIO;
		goto out;
	}
	if (gvRender(gvc, x.g, format, out) != 0)
		rc = strcmp(format, "png") == 0 ? CS_EINVAL : CS_EIO;
	gvFreeLayout(gvc, x.g);
out:
	if (rc != CS_OK) {
		char safe[512];
		cs_buf b;
		cs_buf_init(&b);
		cs_escape_term(&b, g_errbuf[0] ? g_errbuf : cs_strerror(rc));
		snprintf(safe, sizeof(safe), "%s", cs_buf_cstr(&b));
		cs_buf_free(&b);
		snprintf(errmsg, errlen, "graphviz (%s): %s", format, safe);
	}
	if (x.g)
		agclose(x.g);
	for (size_t i = 0; i < x.n; i++) {
		free(x.nodes[i].subject);
		cs_buf_free(&x.nodes[i].label);
	}
	free(x.nodes);
	for (size_t i = 0; i < x.nseen; i++)
		free(x.seen[i]);
	free(x.seen);
	if (x.cl_label)
		for (size_t i = 0; i < a->nzones; i++)
			cs_buf_free(&x.cl_label[i]);
	free(x.cl_label);
	free(x.cl);
	agseterrf(old);
	return rc;
}

void cs_graph_graphviz_version(char *buf, size_t len)
{
	/* A context without plugins: libgvc's own version, nothing loaded. */
	GVC_t *gvc = gvContextPlugins(NULL, 0);
	const char *v = gvc ? gvcVersion(gvc) : NULL;
	snprintf(buf, len, "%s", v ? v : "unknown");
	if (gvc)
		gvFreeContext(gvc);
}
