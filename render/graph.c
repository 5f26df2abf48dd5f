/*
 * graph.c - what the picture of an analysis shows: a cluster per zone with
 * its keys, the DS links between zones, signature edges, CDS/CDNSKEY and
 * the answer chain. Drawn with the kit of graph_draw.h (no Graphviz call
 * here); the findings panel and legend are in graph_panel.c.
 */
#include "graph_draw.h"

#include "base/buf.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "escape.h"
#include "graph_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keep node n of zone zi below the zone's keys (ZSKs when it has some). */
static void below_keys(gctx *x, const cs_zone *z, size_t zi, gnode *n, bool zsk_only)
{
	char id[64];
	for (size_t k = 0; k < z->nkeys; k++) {
		bool sep = z->keys[k].flags & CS_DNSKEY_FLAG_SEP;
		if (zsk_only && sep)
			continue;
		snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
		gd_layout_edge(x, gd_find(x, id), n);
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
static gnode *key_node(gctx *x, size_t zi, size_t k)
{
	char id[64];
	snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
	gnode *n = gd_find(x, id);
	if (n == NULL) {
		snprintf(id, sizeof(id), "z%zu_more", zi);
		n = gd_find(x, id);
	}
	return n;
}

/* The node a signature comes from: the zone's key, or a dashed "unknown
 * key" node when no DNSKEY has its tag and algorithm. */
static gnode *signer(gctx *x, const cs_analysis *a, size_t zi, const cs_sig_eval *s)
{
	char id[64];
	size_t sz = s->zone >= 0 ? (size_t)s->zone : zi;
	if (s->key >= 0)
		return key_node(x, sz, (size_t)s->key);
	/* Not checked against a key (e.g. the key is not trusted): the key
	 * it names by tag and algorithm, when the zone has one. */
	if (s->named_key >= 0)
		return key_node(x, sz, (size_t)s->named_key);
	unsigned tag, alg;
	cs_gtext_sig_tag(s, &tag, &alg);
	(void)a;
	snprintf(id, sizeof(id), "z%zu_unknown_%u_%u", sz, tag, alg);
	gnode *n = gd_find(x, id);
	if (n == NULL &&
	    (n = gd_node(x, x->cl[sz], id, NULL, CS_STATE_BOGUS, "ellipse", "dashed")) != NULL)
		cs_buf_printf(&n->label, "unknown key\\ntag %u alg %u", tag, alg);
	return n;
}

/* Is signature s over rs one a reader does not need (compact mode, as
 * DNSViz does by default)? Over a DNSKEY RRset, a valid signature by a
 * non-SEP key when a SEP key's signature is valid too; over other data, a
 * valid signature by a SEP key when a non-SEP key's signature is valid. */
static bool redundant(const gctx *x, const cs_zone *z, const cs_rrset *rs, const cs_sig_eval *s,
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
static void sig_edges(gctx *x, const cs_analysis *a, size_t zi, const cs_rrset *rs, gnode *h,
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
		snprintf(key, sizeof(key), "%s>%s:%d", gd_id(t), gd_id(h), (int)s->status);
		if (!gd_first_time(x, key))
			continue;
		gv_edge *e = gd_edge(x, t, h, cs_gtext_sig_state(s->status), "");
		if (e == NULL)
			continue;
		cs_buf tt;
		cs_buf_init(&tt);
		cs_gtext_sig_tooltip(&tt, rs, s);
		gd_set(e, "tooltip", cs_buf_cstr(&tt));
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
			gd_set(e, "label", cs_buf_cstr(&lb));
			cs_buf_free(&lb);
		}
	}
}

/* The index in z->keys of the key with rr's RDATA, -1. */
static int key_index(const cs_zone *z, const cs_rr *rr)
{
	for (size_t k = 0; k < z->nkeys; k++)
		if (z->keys[k].rr->rdlen == rr->rdlen &&
		    memcmp(z->keys[k].rr->rdata, rr->rdata, rr->rdlen) == 0)
			return (int)k;
	return -1;
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

static void zone_keys(gctx *x, const cs_analysis *a, size_t zi)
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
		/* A key is secure when the zone's secure DNSKEY RRset holds it,
		 * or when a secure DS (or the anchor) matches it: then what
		 * fails is the signature over the set, drawn as its own edge. */
		bool authenticated = key->ds_match && z->delegation == CS_STATE_SECURE;
		cs_state st = key->trusted || authenticated ? CS_STATE_SECURE
			      : z->state == CS_STATE_SECURE ? CS_STATE_INSECURE
							    : z->state;
		snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
		gnode *n =
		    gd_node(x, x->cl[zi], id, sep ? subj : NULL, st, sep ? "box" : "ellipse", "");
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
		gd_set(n->n, "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
	}
	if (hidden > 0) {
		snprintf(id, sizeof(id), "z%zu_more", zi);
		gnode *n = gd_node(x, x->cl[zi], id, NULL,
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
		gd_set(n->n, "tooltip", cs_buf_cstr(&tt));
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
			gd_layout_edge(x, gd_find(x, id), gd_find(x, jd));
		}
	if (z->nkeys == 0) {
		snprintf(id, sizeof(id), "z%zu_nokeys", zi);
		gnode *n = gd_node(x, x->cl[zi], id, subj, z->state, "plaintext", "");
		if (n)
			cs_buf_str(&n->label, z->signed_zone ? "no usable DNSKEY"
					      : z->dnskey_answered
						  ? "unsigned\\n(no DNSKEY)"
						  : "keys unknown\\n(DNSKEY not answered)");
	}
	/* Signatures over the DNSKEY RRset: from the signing key to every key
	 * of the set it signs (to itself too), so that every key the set
	 * makes trusted has a visible path from the key the DS or anchor
	 * points to (as DNSViz draws them). */
	for (size_t v = 0; v < z->ndnskey; v++) {
		const cs_rrset *rs = &z->dnskey[v];
		for (size_t i = 0; i < rs->nsigs; i++) {
			if (redundant(x, z, rs, &rs->sigs[i], true))
				continue;
			gnode *t = signer(x, a, zi, &rs->sigs[i]);
			if (t == NULL)
				continue;
			cs_rrset one = *rs;
			one.sigs = &rs->sigs[i];
			one.nsigs = 1;
			size_t drawn = 0;
			for (size_t r = 0; r < rs->nrrs; r++) {
				int k = key_index(z, rs->rrs[r]);
				if (k < 0)
					continue;
				sig_edges(x, a, zi, &one, key_node(x, zi, (size_t)k),
					  z->ndnskey > 1);
				drawn++;
			}
			if (drawn == 0) {
				snprintf(id, sizeof(id), "z%zu_nokeys", zi);
				sig_edges(x, a, zi, &one, gd_find(x, id), z->ndnskey > 1);
			}
		}
	}
}

/* DS -> every child key whose digest it matches (as the analyzer matched
 * them); else a "no match" edge to the key it names by tag and algorithm,
 * or to a missing-key node. */
static void ds_edges(gctx *x, const cs_zone *z, size_t zi, gnode *n, const cs_rr *ds,
		     const cs_ds_view *v)
{
	const cs_ds_link *l = cs_zone_ds_link(z, ds);
	for (size_t k = 0; l != NULL && k < l->nkeys; k++)
		gd_edge(x, n, key_node(x, zi, (size_t)l->keys[k]), z->delegation, "");
	if (l != NULL && l->nkeys > 0)
		return;
	gnode *key = NULL;
	if (l != NULL && l->named_key >= 0)
		key = key_node(x, zi, (size_t)l->named_key);
	if (key == NULL) {
		char mid[64];
		snprintf(mid, sizeof(mid), "z%zu_missing_%u_%u", zi, v->key_tag, v->algorithm);
		key = gd_find(x, mid);
		if (key == NULL && (key = gd_node(x, x->cl[zi], mid, NULL, z->delegation, "box",
						  "dashed")) != NULL)
			cs_buf_printf(&key->label, "missing key\\ntag %u alg %u", v->key_tag,
				      v->algorithm);
	}
	gv_edge *e = gd_edge(x, n, key, CS_STATE_BOGUS, "");
	if (e)
		gd_set(e, "label", "no match");
}

/* The trust anchors of zone zi (as the analyzer linked them, cs_anchor_link)
 * as one node above its cluster, with an edge to every key they lead to;
 * the tooltip lists each anchor, where it came from and what it leads to. */
static void zone_anchor(gctx *x, const cs_analysis *a, size_t zi)
{
	const cs_zone *z = &a->zones[zi];
	if (z->nanchors == 0)
		return;
	char id[64], zn[CS_NAME_TEXT_MAX];
	cs_name_str(&z->name, zn);
	snprintf(id, sizeof(id), "anchor_z%zu", zi);
	size_t leads = 0, signs = 0;
	for (size_t i = 0; i < z->nanchors; i++) {
		leads += z->anchors[i].nkeys > 0;
		signs += z->anchors[i].status == CS_ANCHOR_SIGNS;
	}
	gnode *n = gd_node(x, x->g, id, NULL, signs > 0 ? CS_STATE_SECURE : CS_STATE_BOGUS,
			   "invhouse", "");
	if (n == NULL)
		return;
	cs_buf_str(&n->label, "trust anchor\\n");
	cs_escape_dot(&n->label, zn);
	if (leads == 0)
		cs_buf_str(&n->label, "\\nmatches no key");
	cs_buf tt;
	cs_buf_init(&tt);
	cs_buf_str(&tt, "trust anchors for ");
	cs_escape_dot(&tt, zn);
	cs_buf_str(&tt, "\\n");
	for (size_t i = 0; i < z->nanchors; i++) {
		const cs_anchor_link *l = &z->anchors[i];
		cs_gtext_rr(&tt, l->rr);
		cs_buf_str(&tt, "  from ");
		cs_escape_dot(&tt, l->source ? l->source : "?");
		cs_buf_printf(&tt, ": %s\\n", cs_anchor_status_str(l->status));
		/* An edge to every key the anchor leads to: valid when that key
		 * signs the DNSKEY RRset, else in the zone's state. */
		for (size_t k = 0; k < l->nkeys; k++)
			gd_edge(x, n, key_node(x, zi, (size_t)l->keys[k]),
				l->status == CS_ANCHOR_SIGNS ? CS_STATE_SECURE : CS_STATE_BOGUS,
				"");
	}
	gd_set(n->n, "tooltip", cs_buf_cstr(&tt));
	cs_buf_free(&tt);
}

/* The DS RRset of zone zi, drawn in its parent's cluster, and the
 * delegation edges into zi. */
static void zone_ds(gctx *x, const cs_analysis *a, size_t zi)
{
	const cs_zone *z = &a->zones[zi];
	if (z->parent < 0)
		return;
	size_t pi = (size_t)z->parent;
	char id[96], zn[CS_NAME_TEXT_MAX];
	cs_name_str(&z->name, zn);
	gnode *child = NULL;
	snprintf(id, sizeof(id), "z%zu_nokeys", zi);
	child = z->nkeys ? key_node(x, zi, 0) : gd_find(x, id);
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
			gnode *n = gd_find(x, id);
			if (n == NULL) {
				n = gd_node(x, x->cl[pi], id, NULL, rs->state, "box", "rounded");
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
				gd_set(n->n, "tooltip", cs_buf_cstr(&tt));
				cs_buf_free(&tt);
				ds_edges(x, z, zi, n, rs->rrs[r], &v);
			}
			sig_edges(x, a, pi, rs, n, z->nds > 1);
		}
	}
	if (z->nds == 0) {
		snprintf(id, sizeof(id), "z%zu_nods", zi);
		gnode *n = gd_node(x, x->cl[pi], id, NULL, z->delegation, "plaintext", "");
		if (n == NULL)
			return;
		/* Under the parent's keys (a ZSK signs the proof), so the child
		 * lands below its parent as when a DS links them. */
		below_keys(x, &a->zones[pi], pi, n, true);
		/* "no DS" only where the parent proves or claims it; else
		 * nothing is known of the DS (no server answered). */
		if (z->ds_proven_absent || z->ds_claimed_absent) {
			cs_buf_str(&n->label, "no DS for ");
			cs_escape_dot(&n->label, zn);
			cs_buf_str(&n->label,
				   z->ds_proven_absent ? "\\n(proven absent)" : "\\n(not proven)");
		} else {
			cs_buf_str(&n->label, "DS of ");
			cs_escape_dot(&n->label, zn);
			cs_buf_str(&n->label, "\\nnot known (no answer)");
		}
		gv_edge *e = gd_edge(x, n, child, z->delegation, "");
		if (e) {
			char cl[64];
			snprintf(cl, sizeof(cl), "cluster_z%zu", zi);
			gd_set(e, "lhead", cl);
			gd_set(e, "label", "delegation");
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
static void zone_cds(gctx *x, const cs_analysis *a, size_t zi)
{
	const cs_zone *z = &a->zones[zi];
	char id[64], tb[16], zn[CS_NAME_TEXT_MAX], subj[CS_NAME_TEXT_MAX + 16];
	for (size_t v = 0; v < z->ncds; v++) {
		const cs_rrset *rs = &z->cds[v];
		snprintf(id, sizeof(id), "z%zu_cds%zu", zi, v);
		snprintf(subj, sizeof(subj), "%s %s", cs_name_str(&z->name, zn),
			 cs_rrtype_str(rs->type, tb));
		gnode *n = gd_node(x, x->cl[zi], id, subj, rs->state, "box", "rounded");
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
		gd_set(n->n, "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
		sig_edges(x, a, zi, rs, n, split);
		if (rs->nsigs == 0)
			below_keys(x, z, zi, n, true);
	}
}

static void answers(gctx *x, const cs_analysis *a)
{
	char id[64], tb[16], nb[CS_NAME_TEXT_MAX], subj[CS_NAME_TEXT_MAX + 16];
	gnode *prev = NULL;
	for (size_t li = 0; li < a->nlinks; li++) {
		const cs_answer_link *l = &a->links[li];
		gv_sub *sub = l->zone >= 0 ? x->cl[l->zone] : x->g;
		gnode *first = NULL;
		gnode *neg = NULL;
		if (l->kind != CS_ANSWER_DATA || l->nrrsets == 0) {
			/* A negative answer, or data no RRset of which was kept
			 * (it did not validate). */
			snprintf(id, sizeof(id), "l%zu_neg", li);
			snprintf(subj, sizeof(subj), "%s %s", cs_name_str(&l->name, nb),
				 cs_rrtype_str(l->type, tb));
			neg = gd_node(x, sub, id, subj, l->state,
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
			gd_set(neg->n, "tooltip", cs_buf_cstr(&tt));
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
			gnode *n = gd_node(x, sub, id, subj, rs->state, "box", "rounded");
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
			gd_set(n->n, "tooltip", cs_buf_cstr(&tt));
			cs_buf_free(&tt);
			if (l->zone >= 0) {
				sig_edges(x, a, (size_t)l->zone, rs, n, split);
				if (rs->nsigs == 0)
					below_keys(x, &a->zones[l->zone], (size_t)l->zone, n, true);
			}
			if (neg) {
				gv_edge *e = gd_edge(x, n, neg, rs->state, "");
				if (e)
					gd_set(e, "arrowhead", "onormal");
			} else if (first == NULL) {
				first = n;
			}
		}
		if (prev && first) {
			gv_edge *e = gd_edge(x, prev, first, CS_STATE_INSECURE, "");
			if (e)
				gd_set(e, "label", "CNAME");
		}
		if (first)
			prev = first;
	}
}

void cs_graph_build(gctx *x, const cs_analysis *a, const cs_capture *c)
{
	gd_set(x->g, "rankdir", "TB");
	gd_set(x->g, "compound", "true");
	gd_set(x->g, "labelloc", "t");
	gd_set(x->g, "fontname", "Helvetica");
	gd_set(x->g, "fontsize", "16");
	gd_set(x->g, "newrank", "true");
	gd_defaults(x);
	cs_buf t;
	cs_buf_init(&t);
	cs_gtext_title(&t, a, c);
	gd_set(x->g, "label", cs_buf_cstr(&t));
	cs_buf_free(&t);
	for (size_t i = 0; i < a->nzones; i++) {
		char id[48];
		snprintf(id, sizeof(id), "cluster_z%zu", i);
		x->cl[i] = gd_subgraph(x, id);
		if (x->cl[i] == NULL)
			return;
		const cs_zone *z = &a->zones[i];
		gd_look(x->cl[i], z->state, "", false);
		gd_set(x->cl[i], "fontsize", "14");
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
		gd_set(x->cl[i], "tooltip", cs_buf_cstr(&tt));
		cs_buf_free(&tt);
	}
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_keys(x, a, i);
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_ds(x, a, i);
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_anchor(x, a, i);
	for (size_t i = 0; i < a->nzones && !x->oom; i++)
		zone_cds(x, a, i);
	answers(x, a);
	/* Findings and legend in one row under the chain. */
	cs_graph_panel(x, a);
	gnode *panel = gd_find(x, "findings");
	for (size_t i = 0; i < x->n && panel; i++)
		if (gd_id(&x->nodes[i])[0] == 'l') /* answers: l<link>_... */
			gd_layout_edge(x, &x->nodes[i], panel);
	for (size_t i = 0; i < x->n; i++)
		gd_set(x->nodes[i].n, "label", cs_buf_cstr(&x->nodes[i].label));
	for (size_t i = 0; i < a->nzones; i++)
		gd_set(x->cl[i], "label", cs_buf_cstr(&x->cl_label[i]));
}
