/*
 * tui_detail.c - the detail text of the inspector's selected row and the
 * title line: records in presentation format, signature times, keys,
 * servers and findings with their fixes, wrapped to the pane's width.
 */
#include "tui_model.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "escape.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
	cs_buf *out;
	size_t width;
	const tm_model *m;
} pane;

/* Append text (printable ASCII) wrapped at the pane's width: words move to
 * the next line, words longer than a line are cut; continuation lines are
 * indented by indent + hang columns. */
static void wrap(pane *p, size_t indent, size_t hang, const char *text)
{
	size_t col = 0, start = indent + hang;
	for (size_t i = 0; i < indent; i++)
		cs_buf_u8(p->out, ' ');
	col = indent;
	const char *s = text;
	bool first = true;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t wl = e ? (size_t)(e - s) : strlen(s);
		if (!first && col + 1 + wl > p->width) {
			cs_buf_u8(p->out, '\n');
			for (size_t i = 0; i < start; i++)
				cs_buf_u8(p->out, ' ');
			col = start;
		} else if (!first) {
			cs_buf_u8(p->out, ' ');
			col++;
		}
		while (col + wl > p->width && p->width > col) {
			size_t room = p->width - col;
			cs_buf_put(p->out, s, room);
			s += room;
			wl -= room;
			cs_buf_u8(p->out, '\n');
			for (size_t i = 0; i < start; i++)
				cs_buf_u8(p->out, ' ');
			col = start;
		}
		cs_buf_put(p->out, s, wl);
		col += wl;
		first = false;
		s += wl;
		while (*s == ' ')
			s++;
	}
	cs_buf_u8(p->out, '\n');
}

/* A formatted line: fmt's own text is ours, every %s argument must already
 * be escaped (use esc()). */
static void line(pane *p, size_t indent, size_t hang, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void line(pane *p, size_t indent, size_t hang, const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	wrap(p, indent, hang, text);
}

/* A line of a label and DNS-derived text, escaped for the terminal. */
static void esc_line(pane *p, size_t indent, const char *label, const char *text)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, label);
	cs_escape_term(&b, text ? text : "");
	wrap(p, indent, strlen(label), cs_buf_cstr(&b));
	cs_buf_free(&b);
}

static void rr_line(pane *p, size_t indent, const cs_rr *rr)
{
	cs_buf t;
	cs_buf_init(&t);
	cs_rr_to_text(rr, &t);
	esc_line(p, indent, "", cs_buf_cstr(&t));
	cs_buf_free(&t);
}

static const char *name_txt(const cs_name *n, char buf[CS_NAME_TEXT_MAX])
{
	return cs_name_str(n, buf);
}

/* "29d 23h", "5h 3m", "42s" for a non-negative number of seconds. */
static const char *span(int64_t s, char out[32])
{
	if (s >= 86400)
		snprintf(out, 32, "%lldd %lldh", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(out, 32, "%lldh %lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(out, 32, "%lldm %llds", (long long)(s / 60), (long long)(s % 60));
	else
		snprintf(out, 32, "%llds", (long long)s);
	return out;
}

static void time_line(pane *p, const char *what, int64_t t, int64_t at)
{
	char iso[24], d[32];
	if (t >= at)
		line(p, 2, 4, "%s %s (in %s)", what, cs_time_format_iso(t, iso), span(t - at, d));
	else
		line(p, 2, 4, "%s %s (%s ago)", what, cs_time_format_iso(t, iso), span(at - t, d));
}

static void servers_line(pane *p, const char *label, const char *const *v, size_t n)
{
	cs_buf b;
	cs_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			cs_buf_str(&b, ", ");
		cs_escape_term(&b, v[i]);
	}
	line(p, 2, strlen(label), "%s%s", label, n ? cs_buf_cstr(&b) : "none");
	cs_buf_free(&b);
}

/* Append catalogue text escaped for the terminal, with "§" spelled "sec."
 * so it stays ASCII. */
static void put_catalogue(cs_buf *b, const char *s)
{
	for (const char *sec; (sec = strstr(s, "\xc2\xa7")) != NULL; s = sec + 2) {
		cs_buf t;
		cs_buf_init(&t);
		cs_buf_put(&t, s, (size_t)(sec - s));
		cs_escape_term(b, cs_buf_cstr(&t));
		cs_buf_free(&t);
		cs_buf_str(b, "sec. ");
	}
	cs_escape_term(b, s);
}

static void finding_block(pane *p, const cs_finding *f)
{
	const cs_finding_info *fi = cs_finding_info_get(f->code);
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_printf(&b, "%s %s (",
		      fi->severity == CS_SEV_ERROR     ? "ERROR"
		      : fi->severity == CS_SEV_WARNING ? "WARNING"
						       : "NOTICE",
		      fi->code);
	put_catalogue(&b, fi->rfc);
	cs_buf_u8(&b, ')');
	wrap(p, 0, 2, cs_buf_cstr(&b));
	cs_buf_reset(&b);
	put_catalogue(&b, fi->title);
	wrap(p, 2, 0, cs_buf_cstr(&b));
	cs_buf_free(&b);
	esc_line(p, 2, "", f->message);
	if (f->subject && f->subject[0])
		esc_line(p, 2, "subject: ", f->subject);
	if (f->nservers)
		servers_line(p, "servers: ", f->servers, f->nservers);
	for (size_t i = 0; i < f->nevidence; i++)
		esc_line(p, 2, "seen: ", f->evidence[i]);
	if (f->fix) {
		esc_line(p, 2, "fix: ", f->fix);
	} else {
		cs_buf_init(&b);
		cs_buf_str(&b, "fix: ");
		put_catalogue(&b, fi->fix);
		wrap(p, 2, 5, cs_buf_cstr(&b));
		cs_buf_free(&b);
	}
	/* Records to publish: whole, one a line, never wrapped. */
	for (size_t i = 0; i < f->npublish; i++) {
		cs_buf_str(p->out, "       ");
		cs_escape_term(p->out, f->publish[i]);
		cs_buf_u8(p->out, '\n');
	}
}

static const char *key_role(const cs_key *k)
{
	return (k->flags & CS_DNSKEY_FLAG_SEP) ? "KSK" : "ZSK";
}

static void sig_detail(pane *p, const cs_rrset *s, const cs_sig_eval *e)
{
	const cs_analysis *an = p->m->an;
	char nb[CS_NAME_TEXT_MAX], tb[16];
	line(p, 0, 2, "signature: %s", cs_sig_status_str(e->status));
	rr_line(p, 2, e->rrsig);
	if (s) {
		cs_buf o;
		cs_buf_init(&o);
		cs_escape_term(&o, name_txt(&s->owner, nb));
		line(p, 2, 4, "signs %s %s (%zu record%s)", cs_buf_cstr(&o),
		     cs_rrtype_str(s->type, tb), s->nrrs, s->nrrs == 1 ? "" : "s");
		cs_buf_free(&o);
	}
	time_line(p, "inception ", e->inception, an->at);
	time_line(p, "expiration", e->expiration, an->at);
	cs_rrsig_view v;
	if (cs_rrsig_view_parse(e->rrsig->rdata, e->rrsig->rdlen, &v) != CS_OK)
		return;
	const cs_zone *z = e->zone >= 0 ? &an->zones[e->zone] : NULL;
	cs_buf zn;
	cs_buf_init(&zn);
	cs_escape_term(&zn, name_txt(&v.signer, nb));
	if (z && e->key >= 0 && (size_t)e->key < z->nkeys) {
		const cs_key *k = &z->keys[e->key];
		line(p, 2, 4, "key: DNSKEY %u (%s, algorithm %u) of %s", k->tag, key_role(k),
		     k->algorithm, cs_buf_cstr(&zn));
		line(p, 2, 4, "key trust: %s",
		     k->trusted	   ? "in the secure DNSKEY RRset of its zone"
		     : k->ds_match ? "matched by a DS at the parent (tag, algorithm, digest)"
				   : "not trusted: no secure DNSKEY RRset holds it");
	} else {
		line(p, 2, 4, "key: no usable DNSKEY %u (algorithm %u) of %s", v.key_tag,
		     v.algorithm, cs_buf_cstr(&zn));
	}
	cs_buf_free(&zn);
	if (s)
		servers_line(p, "served by: ", s->servers, s->nservers);
}

static void rrset_detail(pane *p, const cs_rrset *s)
{
	char nb[CS_NAME_TEXT_MAX], tb[16], d[32];
	cs_buf o;
	cs_buf_init(&o);
	cs_escape_term(&o, name_txt(&s->owner, nb));
	line(p, 0, 2, "%s %s: %s", cs_buf_cstr(&o), cs_rrtype_str(s->type, tb),
	     cs_state_str(s->state));
	cs_buf_free(&o);
	for (size_t i = 0; i < s->nrrs; i++)
		rr_line(p, 2, s->rrs[i]);
	if (s->nsigs == 0)
		line(p, 2, 4, "signatures: none");
	for (size_t i = 0; i < s->nsigs; i++) {
		const cs_sig_eval *e = &s->sigs[i];
		cs_rrsig_view v;
		unsigned tag = cs_rrsig_view_parse(e->rrsig->rdata, e->rrsig->rdlen, &v) == CS_OK
				   ? v.key_tag
				   : 0;
		int64_t at = p->m->an->at;
		line(p, 2, 4, "RRSIG by %u: %s, expires %s%s%s", tag, cs_sig_status_str(e->status),
		     e->expiration >= at ? "in " : "",
		     span(e->expiration >= at ? e->expiration - at : at - e->expiration, d),
		     e->expiration >= at ? "" : " ago");
	}
	servers_line(p, "served by: ", s->servers, s->nservers);
}

/* Where a DS leads, as the analyzer matched it. */
static void ds_link_lines(pane *p, const cs_zone *z, const cs_ds_link *l)
{
	for (size_t k = 0; k < l->nkeys; k++) {
		const cs_key *key = &z->keys[l->keys[k]];
		line(p, 4, 4, "-> DNSKEY %u %s: a DS digest matches it", key->tag, key_role(key));
	}
	if (l->nkeys > 0)
		return;
	const cs_key *named = l->named_key >= 0 ? &z->keys[l->named_key] : NULL;
	switch (l->status) {
	case CS_DS_DIGEST_MISMATCH:
		line(p, 4, 4,
		     "-> DNSKEY %u %s has this tag and algorithm, but no DS digest matches it",
		     named ? named->tag : l->tag, named ? key_role(named) : "?");
		break;
	case CS_DS_NO_KEY:
	case CS_DS_NO_ALGORITHM:
		line(p, 4, 4, "-> no DNSKEY with tag %u and algorithm %u%s", l->tag, l->algorithm,
		     l->status == CS_DS_NO_ALGORITHM ? " (none of that algorithm at all)" : "");
		break;
	case CS_DS_DIGEST_UNSUPPORTED:
		line(p, 4, 4, "-> digest type %u: validators cannot check it", l->digest_type);
		break;
	case CS_DS_ALG_UNSUPPORTED:
		line(p, 4, 4, "-> algorithm %u: validators cannot check it", l->algorithm);
		break;
	case CS_DS_UNSIGNED_CHILD:
		line(p, 4, 4, "-> the child serves no DNSKEY");
		break;
	case CS_DS_KEYS_UNKNOWN:
		line(p, 4, 4, "-> no server of the child answered its DNSKEY query: keys unknown");
		break;
	default:
		line(p, 4, 4, "-> %s", cs_ds_status_str(l->status));
	}
}

static void delegation_detail(pane *p, const cs_zone *z)
{
	const cs_analysis *an = p->m->an;
	char nb[CS_NAME_TEXT_MAX];
	cs_buf o;
	cs_buf_init(&o);
	cs_escape_term(&o, name_txt(&an->zones[z->parent].name, nb));
	line(p, 0, 2, "delegation from %s: %s", cs_buf_cstr(&o), cs_state_str(z->delegation));
	cs_buf_free(&o);
	if (z->nds == 0)
		line(p, 2, 4, "%s",
		     z->ds_proven_absent ? "no DS: the parent proves there is none (insecure)"
					 : "no DS at the parent");
	for (size_t v = 0; v < z->nds; v++)
		for (size_t i = 0; i < z->ds[v].nrrs; i++) {
			const cs_rr *rr = z->ds[v].rrs[i];
			rr_line(p, 2, rr);
			const cs_ds_link *l = cs_zone_ds_link(z, rr);
			if (l != NULL)
				ds_link_lines(p, z, l);
		}
	for (size_t v = 0; v < z->nds; v++) {
		if (z->nds > 1)
			line(p, 2, 4, "variant %zu of %zu: %s", v + 1, z->nds,
			     cs_state_str(z->ds[v].state));
		rrset_detail(p, &z->ds[v]);
	}
}

static void key_detail(pane *p, const cs_zone *z, const cs_key *k)
{
	const cs_alg_info *ai = cs_alg_lookup(k->algorithm);
	line(p, 0, 2, "DNSKEY %u %s, algorithm %u %s, %u bits, flags %u", k->tag, key_role(k),
	     k->algorithm, ai->mnemonic ? ai->mnemonic : "?", k->bits, k->flags);
	rr_line(p, 2, k->rr);
	if (k->anchored)
		line(p, 2, 4, "trust anchor: leads to this key");
	else
		line(p, 2, 4, "DS at the parent: %s",
		     k->ds_match ? "matches (tag, algorithm, digest)" : "none matches");
	line(p, 2, 4, "signs the DNSKEY RRset: %s", k->signs_dnskey ? "yes" : "no");
	line(p, 2, 4, "trusted: %s", k->trusted ? "yes" : "no");
	line(p, 2, 4, "served by %zu of %zu server addresses", k->nservers, z->nservers);
	if (k->flags & CS_DNSKEY_FLAG_REVOKE)
		line(p, 2, 4, "REVOKED (RFC 5011)");
}

static void server_detail(pane *p, const cs_server_view *s)
{
	esc_line(p, 0, "server ", s->address);
	esc_line(p, 2, "name: ", s->ns_name);
	line(p, 2, 4, "state: %s%s", cs_state_str(s->state),
	     s->answered ? "" : " (no usable response)");
	if (s->reason[0])
		esc_line(p, 2, "why: ", s->reason);
	/* Findings that name this server, wherever they are in the tree. */
	const cs_analysis *an = p->m->an;
	for (size_t i = 0; i < an->nfindings; i++)
		for (size_t k = 0; k < an->findings[i].nservers; k++)
			if (strcmp(an->findings[i].servers[k], s->address) == 0) {
				line(p, 2, 4, "finding: %s",
				     cs_finding_info_get(an->findings[i].code)->code);
				break;
			}
}

static void zone_detail(pane *p, const cs_zone *z)
{
	char nb[CS_NAME_TEXT_MAX];
	cs_buf o;
	cs_buf_init(&o);
	cs_escape_term(&o, name_txt(&z->name, nb));
	line(p, 0, 2, "zone %s: %s", cs_buf_cstr(&o), cs_state_str(z->state));
	cs_buf_free(&o);
	if (z->parent >= 0)
		line(p, 2, 4, "delegation: %s", cs_state_str(z->delegation));
	line(p, 2, 4, "%s, %zu key%s, %zu server address%s",
	     z->signed_zone	  ? "signed"
	     : z->dnskey_answered ? "not signed"
				  : "keys unknown (DNSKEY not answered)",
	     z->nkeys, z->nkeys == 1 ? "" : "s", z->nservers, z->nservers == 1 ? "" : "es");
	for (size_t i = 0; i < z->nanchors; i++) {
		const cs_anchor_link *l = &z->anchors[i];
		line(p, 2, 4, "trust anchor %s %u: %s", l->rr->type == CS_TYPE_DS ? "DS" : "DNSKEY",
		     l->tag, cs_anchor_status_str(l->status));
		esc_line(p, 4, "from ", l->source);
	}
}

static void answer_detail(pane *p, const cs_answer_link *k)
{
	char nb[CS_NAME_TEXT_MAX], tb[16];
	cs_buf o;
	cs_buf_init(&o);
	cs_escape_term(&o, name_txt(&k->name, nb));
	line(p, 0, 2, "answer %s %s: %s, %s", cs_buf_cstr(&o), cs_rrtype_str(k->type, tb),
	     cs_answer_kind_str(k->kind), cs_state_str(k->state));
	cs_buf_free(&o);
	if (k->proof)
		esc_line(p, 2, "proof: ", k->proof);
	for (size_t i = 0; i < k->nrrsets; i++) {
		char ob[CS_NAME_TEXT_MAX];
		cs_buf t;
		cs_buf_init(&t);
		cs_escape_term(&t, name_txt(&k->rrsets[i].owner, ob));
		line(p, 2, 4, "%s %s: %s", cs_buf_cstr(&t), cs_rrtype_str(k->rrsets[i].type, tb),
		     cs_state_str(k->rrsets[i].state));
		cs_buf_free(&t);
	}
}

void tm_detail(const tm_model *m, size_t width, cs_buf *out)
{
	const tm_row *r = tm_selected(m);
	if (r == NULL)
		return;
	pane p = {.out = out, .width = width < 20 ? 20 : width, .m = m};
	const cs_analysis *an = m->an;
	const cs_zone *z =
	    r->zone >= 0 && (size_t)r->zone < an->nzones ? &an->zones[r->zone] : NULL;
	switch (r->kind) {
	case TM_ZONE:
		if (z)
			zone_detail(&p, z);
		break;
	case TM_DELEGATION:
		if (z && z->parent >= 0)
			delegation_detail(&p, z);
		break;
	case TM_DNSKEYS:
		if (z) {
			line(&p, 0, 2, "DNSKEY RRset: %zu variant%s", z->ndnskey,
			     z->ndnskey == 1 ? "" : "s (servers disagree)");
			for (size_t v = 0; v < z->ndnskey; v++)
				rrset_detail(&p, &z->dnskey[v]);
		}
		break;
	case TM_KEY:
		if (z)
			key_detail(&p, z, r->key);
		break;
	case TM_RRSET:
		rrset_detail(&p, r->set);
		break;
	case TM_SIG:
		sig_detail(&p, r->set, r->sig);
		break;
	case TM_ANSWER:
		answer_detail(&p, r->link);
		break;
	case TM_SERVERS:
		if (z && z->server_summary.degraded)
			line(
			    &p, 0, 2,
			    "%zu of %zu server addresses fail validation: about %u%% of cold-cache "
			    "lookups SERVFAIL",
			    z->server_summary.nfailing, z->server_summary.naddresses,
			    z->server_summary.failing_percent);
		if (z)
			for (size_t i = 0; i < z->nservers; i++) {
				cs_buf t;
				cs_buf_init(&t);
				cs_escape_term(&t, z->servers[i].address);
				cs_buf_u8(&t, ' ');
				cs_escape_term(&t, z->servers[i].ns_name);
				line(&p, 0, 4, "%s: %s", cs_buf_cstr(&t),
				     cs_state_str(z->servers[i].state));
				cs_buf_free(&t);
			}
		break;
	case TM_SERVER:
		server_detail(&p, r->server);
		break;
	case TM_FINDING:
		finding_block(&p, r->finding);
		return;
	}
	/* The findings below the row, each with its fix; a zone lists its own
	 * (child zones list theirs). */
	size_t self = (size_t)(r - m->rows), below = 0;
	for (size_t i = self + 1; i < r->end;) {
		if (m->rows[i].kind == TM_ZONE) {
			below += m->rows[i].nfindings;
			i = m->rows[i].end;
			continue;
		}
		if (m->rows[i].kind == TM_FINDING) {
			cs_buf_u8(out, '\n');
			finding_block(&p, m->rows[i].finding);
		}
		i++;
	}
	if (below) {
		cs_buf_u8(out, '\n');
		line(&p, 0, 2, "%zu more finding%s in the zones below", below,
		     below == 1 ? "" : "s");
	}
}

void tm_title(const tm_model *m, cs_buf *out)
{
	const cs_analysis *an = m->an;
	char nb[CS_NAME_TEXT_MAX], tb[16], iso[24];
	cs_escape_term(out, name_txt(&m->cap->qname, nb));
	cs_buf_printf(out, " %s: %s (%s), %u error%s, %u warning%s, %s",
		      cs_rrtype_str(m->cap->qtype, tb), cs_state_str(an->verdict),
		      cs_answer_kind_str(an->answer), an->counts[CS_SEV_ERROR],
		      an->counts[CS_SEV_ERROR] == 1 ? "" : "s", an->counts[CS_SEV_WARNING],
		      an->counts[CS_SEV_WARNING] == 1 ? "" : "s", cs_time_format_iso(an->at, iso));
}
