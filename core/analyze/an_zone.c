/*
 * an_zone.c - the chain of zones: built from the capture, each zone
 * evaluated from its parent's state (anchor, DS link, keys).
 */
#include "analyze/an_delegation.h"
#include "analyze/an_keys.h"
#include "analyze/an_servers.h"
#include "analyze/an_zone.h"
#include "dns/rrtype.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void an_build_zones(ctx *x)
{
	cs_analysis *a = x->a;
	const cs_capture *c = x->c;
	a->zones = cs_arena_alloc(x->ar, (c->nzones ? c->nzones : 1) * sizeof(*a->zones));
	if (a->zones == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < c->nzones; i++) {
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
	/* A trust anchor for this zone? */
	size_t nanch = 0;
	for (size_t i = 0; i < x->anchors.n; i++)
		nanch += cs_name_equal(&x->anchors.v[i].owner, &z->name);
	if (nanch > 0) {
		z->delegation = CS_STATE_SECURE;
		const cs_rr **ds = cs_arena_alloc(x->ar, nanch * sizeof(*ds));
		if (ds == NULL) {
			x->err = CS_ENOMEM;
			return;
		}
		size_t nds = 0;
		bool key_anchor = false;
		for (size_t i = 0; i < x->anchors.n; i++) {
			const cs_rr *a = &x->anchors.v[i];
			if (!cs_name_equal(&a->owner, &z->name))
				continue;
			if (a->type == CS_TYPE_DS) {
				ds[nds++] = a;
			} else {
				key_anchor = true;
				for (size_t k = 0; k < z->nkeys; k++)
					if (z->keys[k].rr->rdlen == a->rdlen &&
					    memcmp(z->keys[k].rr->rdata, a->rdata, a->rdlen) == 0)
						z->keys[k].ds_match = true;
			}
		}
		an_eval_dnskeys(x, z, ds, nds, key_anchor && nds == 0);
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
		an_eval_dnskeys(x, z, ch.ds, ch.nds, false);
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
