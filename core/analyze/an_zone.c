/*
 * an_zone.c - the chain of zones: built from the capture, each zone
 * evaluated from its parent's state (anchor, DS link, keys).
 */
#include "analyze/an_anchors.h"
#include "analyze/an_delegation.h"
#include "analyze/an_keys.h"
#include "analyze/an_servers.h"
#include "analyze/an_zone.h"
#include "dns/rrtype.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Put capture zone i after its ancestors in order[] (a cut found late, by a
 * DS answer from a zone between parent and child, comes after its child in
 * the capture); placed[] marks the zones placed. */
static void place_zone(const cs_capture *c, size_t i, size_t *order, size_t *n, bool *placed,
		       unsigned depth)
{
	if (placed[i] || depth > CS_NAME_MAXLEN)
		return;
	placed[i] = true; /* before the parent: a parent loop ends here */
	if (!cs_name_equal(&c->zones[i].parent, &c->zones[i].name))
		for (size_t k = 0; k < c->nzones; k++)
			if (!placed[k] && cs_name_equal(&c->zones[k].name, &c->zones[i].parent))
				place_zone(c, k, order, n, placed, depth + 1);
	order[(*n)++] = i;
}

void an_build_zones(ctx *x)
{
	cs_analysis *a = x->a;
	const cs_capture *c = x->c;
	a->zones = cs_arena_alloc(x->ar, (c->nzones ? c->nzones : 1) * sizeof(*a->zones));
	size_t *order = cs_arena_alloc(x->ar, (c->nzones ? c->nzones : 1) * sizeof(*order));
	bool *placed = an_alloc(x, (c->nzones ? c->nzones : 1) * sizeof(*placed));
	if (a->zones == NULL || order == NULL || placed == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	size_t norder = 0;
	for (size_t i = 0; i < c->nzones; i++)
		place_zone(c, i, order, &norder, placed, 0);
	for (size_t o = 0; o < norder; o++) {
		size_t i = order[o];
		cs_zone *z = &a->zones[a->nzones];
		memset(z, 0, sizeof(*z));
		z->name = c->zones[i].name;
		z->parent = cs_name_equal(&c->zones[i].parent, &z->name)
				? -1
				: an_zone_index(a, &c->zones[i].parent);
		size_t n = 0;
		for (size_t k = 0; k < c->zones[i].nservers; k++)
			n += c->zones[i].servers[k].naddresses;
		z->servers = cs_arena_alloc(x->ar, (n ? n : 1) * sizeof(*z->servers));
		if (z->servers == NULL) {
			x->err = CS_ENOMEM;
			return;
		}
		for (size_t k = 0; k < c->zones[i].nservers; k++)
			for (size_t j = 0; j < c->zones[i].servers[k].naddresses; j++) {
				cs_server_view *s = &z->servers[z->nservers++];
				memset(s, 0, sizeof(*s));
				s->address = c->zones[i].servers[k].addresses[j];
				s->ns_name = c->zones[i].servers[k].ns_name;
				s->state = CS_STATE_INDETERMINATE;
			}
		a->nzones++;
	}
}

static void eval_zone_state(ctx *x, cs_zone *z)
{
	an_collect_keys(x, z);
	if (x->err != CS_OK)
		return;
	an_key_findings(x, z);
	/* Trust anchors for this zone decide its keys, whatever the parent says. */
	if (an_anchor_count(x, &z->name) > 0) {
		an_eval_anchors(x, z);
		return;
	}
	if (z->parent < 0) {
		/* No anchor covers the top of the chain: provably insecure. */
		z->delegation = CS_STATE_INSECURE;
		z->state = CS_STATE_INSECURE;
		return;
	}
	an_ds_choice ch = an_eval_delegation(x, z);
	if (z->delegation == CS_STATE_SECURE) {
		an_eval_dnskeys(x, z, ch.ds, ch.nds);
		return;
	}
	z->state = z->delegation;
	an_link_ds(x, z, NULL, 0); /* what the parent serves, though not trusted */
	if (z->delegation == CS_STATE_INSECURE && z->ds_proven_absent && z->signed_zone) {
		const char *zn = an_name(x, &z->name);
		const char *ds = an_suggested_ds(x, z);
		cs_finding *f = an_finding(
		    x, F(DS_MISSING), &z->name, NULL, zn,
		    ds ? an_strf(x,
				 "To make %s secure, publish the record%s below at the parent "
				 "(through the registrar).",
				 zn, strstr(ds, "; ") ? "s" : "")
		       : NULL,
		    an_strf(x,
			    "%s is signed, but its parent has no DS for it: validators treat it "
			    "as unsigned (an island of security)",
			    zn));
		an_publish(x, f, ds);
	}
}

void an_eval_zone(ctx *x, cs_zone *z)
{
	an_check_health(x, z);
	eval_zone_state(x, z);
	/* Where the zone's state comes from above it (no DS, a bogus
	 * delegation), every server that answers leads to that state. */
	for (size_t i = 0; i < z->nservers; i++) {
		cs_server_view *s = &z->servers[i];
		if (!s->answered || s->state != CS_STATE_INDETERMINATE)
			continue;
		if (z->state == CS_STATE_INSECURE) {
			s->state = CS_STATE_INSECURE;
		} else if (z->state == CS_STATE_BOGUS) {
			s->state = CS_STATE_BOGUS;
			if (s->reason[0] == 0)
				snprintf(s->reason, sizeof(s->reason),
					 "the delegation to the zone is bogus");
		}
	}
}
