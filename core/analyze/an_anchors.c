/*
 * an_anchors.c - trust anchors: their sources, the keys they lead to, and
 * the zone's state from them.
 */
#include "analyze/an_anchors.h"
#include "analyze/an_delegation.h"
#include "analyze/an_keys.h"
#include "analyze/an_sig.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "text/zonefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE_MARK "; source="

/* Parse text[0..n) (one line, or a whole older anchors text) into
 * x->anchors, each new record from source. */
static cs_err parse_anchor_text(ctx *x, const char *text, size_t n, const char *source,
				cs_zone_error *e)
{
	cs_name root;
	cs_name_root(&root);
	size_t before = x->anchors.n;
	cs_err err = cs_zone_parse(text, n, &root, 3600, x->ar, &x->anchors, e);
	if (x->anchors.n > before) {
		const char **v = realloc(x->anchor_src, x->anchors.n * sizeof(*v));
		if (v == NULL)
			return CS_ENOMEM;
		x->anchor_src = v;
		for (size_t i = before; i < x->anchors.n; i++)
			v[i] = source;
	}
	return err;
}

/* One anchor line, with its " ; source=WHERE" comment when it has one. */
static cs_err parse_anchor_line(ctx *x, const char *line, size_t n, const char *deflt,
				cs_zone_error *e)
{
	const char *source = deflt;
	size_t ml = strlen(SOURCE_MARK);
	for (size_t i = 0; i + ml <= n; i++)
		if (memcmp(line + i, SOURCE_MARK, ml) == 0) {
			size_t sl = n - i - ml;
			while (sl > 0 &&
			       (line[i + ml + sl - 1] == ' ' || line[i + ml + sl - 1] == '\r'))
				sl--;
			source = an_strf(x, "%.*s", (int)sl, line + i + ml);
			n = i;
			break;
		}
	return parse_anchor_text(x, line, n, source, e);
}

/* The distinct sources of the anchors, in order, into the analysis. */
static void list_sources(ctx *x)
{
	cs_analysis *a = x->a;
	a->anchor_sources = an_alloc(x, (x->anchors.n + 1) * sizeof(*a->anchor_sources));
	if (a->anchor_sources == NULL)
		return;
	for (size_t i = 0; i < x->anchors.n; i++) {
		bool seen = false;
		for (size_t j = 0; j < a->nanchor_sources && !seen; j++)
			seen = an_same(a->anchor_sources[j], x->anchor_src[i]);
		if (!seen)
			a->anchor_sources[a->nanchor_sources++] = x->anchor_src[i];
	}
}

/* Move a list's array into the analysis arena (the analysis points at
 * these records, in anchor and DS links, after the context is gone); when
 * out of memory, empty it. Either way it is no longer the list's to free. */
static cs_err list_to_arena(ctx *x, cs_rrlist *l)
{
	cs_rr *v = cs_arena_alloc(x->ar, (l->n ? l->n : 1) * sizeof(*v));
	if (v != NULL && l->n)
		memcpy(v, l->v, l->n * sizeof(*v));
	free(l->v);
	l->v = v;
	l->n = v ? l->n : 0;
	l->cap = l->n;
	return v ? CS_OK : CS_ENOMEM;
}

cs_err an_parse_anchors(ctx *x, char *errmsg, size_t errlen)
{
	cs_zone_error e = {0};
	cs_err err = CS_OK;
	const char *t = x->o->anchors_text;
	if (t != NULL && strstr(t, SOURCE_MARK) == NULL) {
		/* Anchors given as plain presentation text. */
		err = parse_anchor_text(x, t, strlen(t), "given anchors", &e);
	} else if (t != NULL) {
		for (const char *p = t; *p && err == CS_OK;) {
			size_t n = strcspn(p, "\n");
			err = parse_anchor_line(x, p, n, "given anchors", &e);
			p += n + (p[n] == '\n');
		}
	} else {
		for (size_t i = 0; i < x->c->nanchors && err == CS_OK; i++)
			err = parse_anchor_line(x, x->c->anchors[i], strlen(x->c->anchors[i]),
						"recorded in the capture", &e);
	}
	if (err != CS_OK) {
		snprintf(errmsg, errlen, "trust anchors, line %zu: %s", e.line,
			 e.detail[0] ? e.detail : cs_strerror(err));
		return err;
	}
	list_sources(x);
	if (x->err != CS_OK)
		return CS_ENOMEM;
	for (size_t i = 0; i < x->o->nds_override; i++) {
		const char *spec = x->o->ds_override[i];
		const char *eq = strchr(spec, '=');
		cs_name zone;
		if (eq == NULL ||
		    cs_name_from_text(spec, (size_t)(eq - spec), NULL, &zone) != CS_OK) {
			snprintf(errmsg, errlen,
				 "--ds '%s': expected ZONE='TAG ALG DIGESTTYPE DIGEST'", spec);
			return CS_ESYNTAX;
		}
		char line[1200];
		char zb[CS_NAME_TEXT_MAX];
		snprintf(line, sizeof(line), "%s 3600 IN DS %s", cs_name_str(&zone, zb), eq + 1);
		cs_rr rr;
		if (cs_rr_from_text(line, NULL, x->ar, &rr, &e) != CS_OK) {
			snprintf(errmsg, errlen, "--ds '%s': %s", spec, e.detail);
			return CS_ESYNTAX;
		}
		if (cs_rrlist_add(&x->overrides, &rr) != CS_OK)
			return CS_ENOMEM;
	}
	cs_err e1 = list_to_arena(x, &x->anchors), e2 = list_to_arena(x, &x->overrides);
	x->lists_in_arena = true;
	return e1 != CS_OK ? e1 : e2;
}

size_t an_anchor_count(const ctx *x, const cs_name *name)
{
	size_t n = 0;
	for (size_t i = 0; i < x->anchors.n; i++)
		n += cs_name_equal(&x->anchors.v[i].owner, name);
	return n;
}

/* Link one anchor (DS by digest, DNSKEY by RDATA) to the zone's keys. */
static cs_anchor_link link_anchor(ctx *x, const cs_zone *z, const cs_rr *a, const char *source)
{
	cs_anchor_link l = {.rr = a, .source = source, .status = CS_ANCHOR_MALFORMED};
	if (a->type == CS_TYPE_DS) {
		cs_ds_link d = an_ds_link_one(x, z, a);
		l.tag = d.tag;
		l.algorithm = d.algorithm;
		l.keys = d.keys;
		l.nkeys = d.nkeys;
		l.status =
		    d.status == CS_DS_MATCHES	  ? CS_ANCHOR_SIGNS
		    : d.status == CS_DS_MALFORMED ? CS_ANCHOR_MALFORMED
		    : d.status == CS_DS_DIGEST_UNSUPPORTED || d.status == CS_DS_ALG_UNSUPPORTED
			? CS_ANCHOR_UNSUPPORTED
			: CS_ANCHOR_NO_KEY;
		return l;
	}
	cs_dnskey_view kv;
	if (cs_dnskey_view_parse(a->rdata, a->rdlen, &kv) != CS_OK)
		return l;
	l.tag = cs_keytag(a->rdata, a->rdlen);
	l.algorithm = kv.algorithm;
	if (!cs_alg_lookup(kv.algorithm)->supported) {
		l.status = CS_ANCHOR_UNSUPPORTED;
		return l;
	}
	l.keys = an_alloc(x, (z->nkeys ? z->nkeys : 1) * sizeof(*l.keys));
	if (l.keys == NULL)
		return l;
	for (size_t k = 0; k < z->nkeys; k++)
		if (z->keys[k].rr->rdlen == a->rdlen &&
		    memcmp(z->keys[k].rr->rdata, a->rdata, a->rdlen) == 0)
			l.keys[l.nkeys++] = (int)k;
	l.status = l.nkeys > 0 ? CS_ANCHOR_SIGNS : CS_ANCHOR_NO_KEY;
	return l;
}

/* Does a signature over some DNSKEY variant name key k (its tag and
 * algorithm, checked against it)? */
static bool key_signs(const cs_zone *z, int k)
{
	for (size_t v = 0; v < z->ndnskey; v++)
		for (size_t s = 0; s < z->dnskey[v].nsigs; s++)
			if (z->dnskey[v].sigs[s].key == k &&
			    z->dnskey[v].sigs[s].status != CS_SIG_UNKNOWN_KEY)
				return true;
	return false;
}

/* Does a signature over var name an anchored key (its tag and algorithm),
 * or go unchecked (a work limit), so that the anchors may well carry the
 * chain and the signatures decide? */
static bool names_anchored_key(const cs_zone *z, const cs_rrset *var)
{
	for (size_t s = 0; s < var->nsigs; s++) {
		const cs_sig_eval *e = &var->sigs[s];
		cs_rrsig_view v;
		if (e->status == CS_SIG_NOT_CHECKED)
			return true;
		if (cs_rrsig_view_parse(e->rrsig->rdata, e->rrsig->rdlen, &v) != CS_OK)
			continue;
		for (size_t k = 0; k < z->nkeys; k++)
			if (z->keys[k].anchored && z->keys[k].tag == v.key_tag &&
			    z->keys[k].algorithm == v.algorithm)
				return true;
	}
	return false;
}

/* "DS 20326 (built in)" */
static const char *anchor_name(ctx *x, const cs_anchor_link *l)
{
	return an_strf(x, "%s %u (%s)", l->rr->type == CS_TYPE_DS ? "DS" : "DNSKEY", l->tag,
		       l->source);
}

/* What became of one anchor, in words. */
static const char *anchor_fate(ctx *x, const cs_zone *z, const cs_anchor_link *l)
{
	const char *zn = an_name(x, &z->name);
	switch (l->status) {
	case CS_ANCHOR_SIGNS:
		return an_strf(x, "leads to key %u, which signs the DNSKEY RRset", l->tag);
	case CS_ANCHOR_KEY_NOT_SIGNING:
		return an_strf(x,
			       "leads to key %u, which %s publishes but which does not sign the "
			       "DNSKEY RRset: a pre-published or retired key cannot carry the "
			       "chain by itself",
			       z->keys[l->keys[0]].tag, zn);
	case CS_ANCHOR_NO_KEY:
		return an_strf(x, "matches no key that %s serves", zn);
	case CS_ANCHOR_UNSUPPORTED:
		return "uses an algorithm or digest type validators cannot use";
	default:
		return "does not parse";
	}
}

/* "19036 (KSK, algorithm 8, signs the DNSKEY RRset), 15768 (ZSK, ...)" */
static const char *key_list(ctx *x, const cs_zone *z)
{
	cs_buf b;
	cs_buf_init(&b);
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		cs_buf_printf(&b, "%s%u (%s, algorithm %u%s%s)", k ? ", " : "", key->tag,
			      (key->flags & CS_DNSKEY_FLAG_SEP) ? "KSK" : "ZSK", key->algorithm,
			      (key->flags & CS_DNSKEY_FLAG_REVOKE) ? ", revoked" : "",
			      key_signs(z, (int)k) ? ", signs the DNSKEY RRset" : "");
	}
	const char *s = b.len ? an_strf(x, "%s", cs_buf_cstr(&b)) : "none";
	cs_buf_free(&b);
	return s;
}

/* The sources of the zone's anchors, ", "-separated. */
static const char *zone_sources(ctx *x, const cs_zone *z)
{
	cs_buf b;
	cs_buf_init(&b);
	for (size_t i = 0; i < z->nanchors; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = an_same(z->anchors[j].source, z->anchors[i].source);
		if (!seen)
			cs_buf_printf(&b, "%s%s", b.len ? ", " : "", z->anchors[i].source);
	}
	const char *s = an_strf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

/* TRUST_ANCHOR_NO_MATCH: the anchors tried, the zone's keys, what to do. */
static void report_no_match(ctx *x, const cs_zone *z, const char *why)
{
	const char *zn = an_name(x, &z->name);
	cs_buf b;
	cs_buf_init(&b);
	for (size_t i = 0; i < z->nanchors; i++)
		cs_buf_printf(&b, "%s%s %s", i ? "; " : "", anchor_name(x, &z->anchors[i]),
			      anchor_fate(x, z, &z->anchors[i]));
	const char *tried = an_strf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	const char *srcs = zone_sources(x, z);
	const char *fix;
	if (z->name.len == 1) {
		fix = an_strf(x,
			      "Update the trust anchors (%s) to the root's current KSK: use "
			      "--anchor /usr/share/dns/root.key (Debian's dns-root-data, kept "
			      "current by the package) or fetch a current anchor file with "
			      "unbound-anchor. The zone itself needs no change.",
			      srcs);
	} else {
		const char *ds = an_suggested_ds(x, z);
		fix = an_strf(x,
			      "Update the anchor file (%s) to a key that signs the DNSKEY RRset "
			      "of %s, taken from a trustworthy source (the zone's operator)%s%s",
			      srcs, zn, ds ? "; the zone's KSKs as DS: " : ".", ds ? ds : "");
	}
	cs_finding *f = an_finding(
	    x, F(TRUST_ANCHOR_NO_MATCH), &z->name, NULL, an_strf(x, "%s trust anchors", zn), fix,
	    an_strf(x,
		    "no trust anchor for %s leads to a key that signs its DNSKEY "
		    "RRset%s: validators with these anchors find every answer bogus. "
		    "Tried: %s. Keys of %s: %s",
		    zn, why, tried, zn, key_list(x, z)));
	for (size_t i = 0; i < z->nanchors; i++)
		an_evidence(
		    x, f,
		    an_strf(x, "%s ; from %s", an_rr(x, z->anchors[i].rr), z->anchors[i].source));
}

/* TRUST_ANCHOR_UNUSED for each anchor that carries nothing while another
 * anchor carries the chain. */
static void report_unused(ctx *x, const cs_zone *z)
{
	const char *zn = an_name(x, &z->name);
	for (size_t i = 0; i < z->nanchors; i++) {
		const cs_anchor_link *l = &z->anchors[i];
		if (l->status == CS_ANCHOR_SIGNS)
			continue;
		cs_finding *f = an_finding(
		    x, F(TRUST_ANCHOR_UNUSED), &z->name, NULL,
		    an_strf(x, "%s trust anchor %s", zn, anchor_name(x, l)),
		    an_strf(x,
			    "Nothing to do during a key rollover. Once key %u of %s is retired "
			    "for good, remove this anchor from %s.",
			    l->tag, zn, l->source),
		    an_strf(x,
			    "trust anchor %s for %s %s; %s validates through another anchor "
			    "(normal during a key rollover)",
			    anchor_name(x, l), zn, anchor_fate(x, z, l), zn));
		an_evidence(x, f, an_rr(x, l->rr));
	}
}

/* Link the zone's anchors; returns how many validators can use. */
static size_t link_anchors(ctx *x, cs_zone *z)
{
	size_t n = an_anchor_count(x, &z->name), nds = 0, usable = 0;
	z->anchors = an_alloc(x, n * sizeof(*z->anchors));
	const cs_rr **ds = an_alloc(x, n * sizeof(*ds));
	if (z->anchors == NULL || ds == NULL)
		return 0;
	for (size_t i = 0; i < x->anchors.n; i++) {
		const cs_rr *a = &x->anchors.v[i];
		if (!cs_name_equal(&a->owner, &z->name))
			continue;
		cs_anchor_link *l = &z->anchors[z->nanchors++];
		*l = link_anchor(x, z, a, x->anchor_src[i]);
		for (size_t k = 0; k < l->nkeys; k++)
			z->keys[l->keys[k]].anchored = z->keys[l->keys[k]].ds_match = true;
		usable += l->status != CS_ANCHOR_UNSUPPORTED && l->status != CS_ANCHOR_MALFORMED;
		if (a->type == CS_TYPE_DS)
			ds[nds++] = a;
	}
	an_link_ds(x, z, ds, nds); /* the DS anchors as DS links, for renderers */
	return usable;
}

void an_eval_anchors(ctx *x, cs_zone *z)
{
	if (link_anchors(x, z) == 0) {
		/* No anchor validators can use: as if there were none (RFC 4035
		 * §5: the zone is insecure). */
		z->delegation = CS_STATE_INSECURE;
		z->state = CS_STATE_INSECURE;
		return;
	}
	z->delegation = CS_STATE_SECURE;
	if (!z->signed_zone) {
		bool answered = z->dnskey_answered;
		z->state = answered ? CS_STATE_BOGUS : CS_STATE_INDETERMINATE;
		if (answered) {
			z->delegation = CS_STATE_BOGUS;
			report_no_match(x, z, " (it serves no DNSKEY)");
		}
		return;
	}
	z->state = CS_STATE_BOGUS;
	bool by_anchor = false; /* a signature over a variant by an anchored key */
	for (size_t v = 0; v < z->ndnskey; v++) {
		cs_rrset *var = &z->dnskey[v];
		const cs_rr **sigs;
		size_t ns = an_variant_sigs(x, z, var, &sigs);
		an_eval_rrset(x, var, sigs, ns, z, an_key_ds_match);
		if (var->state == CS_STATE_SECURE) {
			an_trust_variant(x, z, var, sigs, ns);
			by_anchor = true;
			continue;
		}
		if (names_anchored_key(z, var)) {
			/* The anchored key signs, but its signature fails: the
			 * signature findings say why. */
			by_anchor = true;
			an_bogus_variant(x, z, var);
			continue;
		}
		/* The signatures, judged against the zone's own keys for the
		 * record; the anchors are what fails. */
		an_eval_rrset(x, var, sigs, ns, z, an_key_any);
		var->state = CS_STATE_BOGUS;
		an_set_servers_state(z, var, CS_STATE_BOGUS,
				     "no trust anchor leads to a key that signs the DNSKEY RRset");
	}
	for (size_t i = 0; i < z->nanchors; i++) {
		cs_anchor_link *l = &z->anchors[i];
		if (l->status != CS_ANCHOR_SIGNS)
			continue;
		bool signs = false;
		for (size_t k = 0; k < l->nkeys && !signs; k++)
			signs = key_signs(z, l->keys[k]);
		if (!signs)
			l->status = CS_ANCHOR_KEY_NOT_SIGNING;
	}
	if (!by_anchor) {
		z->delegation = CS_STATE_BOGUS;
		report_no_match(x, z, "");
	} else if (z->state == CS_STATE_SECURE) {
		report_unused(x, z);
	}
}
