#include "json.h"

#include "base/buf.h"
#include "dns/rdata.h"
#include "jsonw.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include <stdlib.h>
#include <string.h>

/* The document is streamed (jsonw.h): the same text jansson's json_dumps
 * would print for it, without building a tree first. */

static void jname(cs_jsonw *w, const char *key, const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	cs_jsonw_str(w, key, cs_name_str(n, b));
}

/* The name of zone i of the analysis, or null when i < 0 (none). */
static void jzone_name(cs_jsonw *w, const char *key, const cs_analysis *a, int i)
{
	if (i >= 0)
		jname(w, key, &a->zones[i].name);
	else
		cs_jsonw_null(w, key);
}

static void jtime(cs_jsonw *w, const char *key, int64_t t)
{
	char b[24];
	cs_jsonw_str(w, key, cs_time_format_iso(t, b));
}

/* A record in presentation format; tmp is scratch space. */
static void jrr(cs_jsonw *w, const char *key, const cs_rr *rr, cs_buf *tmp)
{
	cs_buf_reset(tmp);
	cs_rr_to_text(rr, tmp);
	if (tmp->err != CS_OK)
		w->failed = true;
	else
		cs_jsonw_str(w, key, cs_buf_cstr(tmp));
}

static void jstrings(cs_jsonw *w, const char *key, const char *const *v, size_t n)
{
	cs_jsonw_array(w, key);
	for (size_t i = 0; i < n; i++)
		cs_jsonw_str(w, NULL, v[i]);
	cs_jsonw_end(w);
}

static void jrrset(cs_jsonw *w, const cs_rrset *s, cs_buf *tmp)
{
	char tb[16];
	cs_jsonw_object(w, NULL);
	jname(w, "owner", &s->owner);
	cs_jsonw_str(w, "type", cs_rrtype_str(s->type, tb));
	cs_jsonw_str(w, "state", cs_state_str(s->state));
	cs_jsonw_array(w, "records");
	for (size_t i = 0; i < s->nrrs; i++)
		jrr(w, NULL, s->rrs[i], tmp);
	cs_jsonw_end(w);
	cs_jsonw_array(w, "signatures");
	for (size_t i = 0; i < s->nsigs; i++) {
		const cs_sig_eval *e = &s->sigs[i];
		cs_jsonw_object(w, NULL);
		jrr(w, "record", e->rrsig, tmp);
		cs_jsonw_str(w, "status", cs_sig_status_str(e->status));
		jtime(w, "inception", e->inception);
		jtime(w, "expiration", e->expiration);
		cs_jsonw_end(w);
	}
	cs_jsonw_end(w);
	jstrings(w, "servers", s->servers, s->nservers);
	cs_jsonw_end(w);
}

static void jrrsets(cs_jsonw *w, const char *key, const cs_rrset *v, size_t n, cs_buf *tmp)
{
	cs_jsonw_array(w, key);
	for (size_t i = 0; i < n; i++)
		jrrset(w, &v[i], tmp);
	cs_jsonw_end(w);
}

static void jkeys(cs_jsonw *w, const cs_zone *z, cs_buf *tmp)
{
	cs_jsonw_array(w, "keys");
	for (size_t i = 0; i < z->nkeys; i++) {
		const cs_key *k = &z->keys[i];
		cs_jsonw_object(w, NULL);
		cs_jsonw_int(w, "tag", k->tag);
		cs_jsonw_int(w, "algorithm", k->algorithm);
		cs_jsonw_int(w, "flags", k->flags);
		cs_jsonw_int(w, "bits", k->bits);
		cs_jsonw_bool(w, "ds_match", k->ds_match);
		cs_jsonw_bool(w, "anchored", k->anchored);
		cs_jsonw_bool(w, "signs_dnskey", k->signs_dnskey);
		cs_jsonw_bool(w, "trusted", k->trusted);
		jrr(w, "record", k->rr, tmp);
		cs_jsonw_end(w);
	}
	cs_jsonw_end(w);
}

static void jservers(cs_jsonw *w, const cs_zone *z)
{
	cs_jsonw_array(w, "servers");
	for (size_t i = 0; i < z->nservers; i++) {
		const cs_server_view *s = &z->servers[i];
		cs_jsonw_object(w, NULL);
		cs_jsonw_str(w, "address", s->address);
		cs_jsonw_str(w, "name", s->ns_name);
		cs_jsonw_str(w, "state", cs_state_str(s->state));
		cs_jsonw_bool(w, "answered", s->answered);
		cs_jsonw_bool(w, "dissents", s->dissents);
		if (s->reason[0])
			cs_jsonw_str(w, "reason", s->reason);
		else
			cs_jsonw_null(w, "reason");
		cs_jsonw_end(w);
	}
	cs_jsonw_end(w);
	const cs_server_summary *m = &z->server_summary;
	cs_jsonw_object(w, "server_summary");
	cs_jsonw_int(w, "addresses", (long long)m->naddresses);
	cs_jsonw_int(w, "names", (long long)m->nnames);
	cs_jsonw_int(w, "failing", (long long)m->nfailing);
	cs_jsonw_int(w, "failing_percent", m->failing_percent);
	cs_jsonw_bool(w, "degraded", m->degraded);
	cs_jsonw_bool(w, "all_agree", m->all_agree);
	cs_jsonw_str(w, "worst", cs_state_str(m->worst));
	cs_jsonw_str(w, "majority", cs_state_str(m->majority));
	cs_jsonw_int(w, "dissenting", (long long)m->ndissent);
	cs_jsonw_end(w);
}

static void janchors(cs_jsonw *w, const cs_zone *z, cs_buf *tmp)
{
	cs_jsonw_array(w, "trust_anchors");
	for (size_t i = 0; i < z->nanchors; i++) {
		const cs_anchor_link *l = &z->anchors[i];
		cs_jsonw_object(w, NULL);
		jrr(w, "record", l->rr, tmp);
		cs_jsonw_str(w, "source", l->source);
		cs_jsonw_int(w, "tag", l->tag);
		cs_jsonw_int(w, "algorithm", l->algorithm);
		cs_jsonw_str(w, "status", cs_anchor_status_str(l->status));
		cs_jsonw_array(w, "keys");
		for (size_t k = 0; k < l->nkeys; k++)
			cs_jsonw_int(w, NULL, z->keys[l->keys[k]].tag);
		cs_jsonw_end(w);
		cs_jsonw_end(w);
	}
	cs_jsonw_end(w);
}

static void jzone(cs_jsonw *w, const cs_analysis *a, const cs_zone *z, cs_buf *tmp)
{
	cs_jsonw_object(w, NULL);
	jname(w, "name", &z->name);
	jzone_name(w, "parent", a, z->parent);
	cs_jsonw_str(w, "state", cs_state_str(z->state));
	cs_jsonw_str(w, "delegation", cs_state_str(z->delegation));
	cs_jsonw_bool(w, "signed", z->signed_zone);
	cs_jsonw_bool(w, "ds_proven_absent", z->ds_proven_absent);
	jrrsets(w, "ds", z->ds, z->nds, tmp);
	jkeys(w, z, tmp);
	jrrsets(w, "dnskey", z->dnskey, z->ndnskey, tmp);
	jrrsets(w, "cds", z->cds, z->ncds, tmp);
	jservers(w, z);
	janchors(w, z, tmp);
	cs_jsonw_end(w);
}

static void jhead(cs_jsonw *w, const cs_analysis *a, const cs_capture *c)
{
	char tb[16];
	cs_jsonw_str(w, "schema", "chainscope-check");
	cs_jsonw_int(w, "version", CS_CHECK_JSON_VERSION);
	cs_jsonw_object(w, "query");
	jname(w, "name", &c->qname);
	cs_jsonw_str(w, "type", cs_rrtype_str(c->qtype, tb));
	cs_jsonw_end(w);
	jtime(w, "evaluated_at", a->at);
	cs_jsonw_int(w, "evaluated_at_s", a->at);
	cs_jsonw_str(w, "verdict", cs_state_str(a->verdict));
	cs_jsonw_str(w, "answer", cs_answer_kind_str(a->answer));
	if (a->has_next_break) {
		cs_jsonw_object(w, "next_break");
		jtime(w, "at", a->next_break);
		cs_jsonw_int(w, "at_s", a->next_break);
		cs_jsonw_str(w, "what", a->next_break_what);
		cs_jsonw_end(w);
	} else {
		cs_jsonw_null(w, "next_break");
	}
	cs_jsonw_object(w, "counts");
	cs_jsonw_int(w, "error", a->counts[CS_SEV_ERROR]);
	cs_jsonw_int(w, "warning", a->counts[CS_SEV_WARNING]);
	cs_jsonw_int(w, "notice", a->counts[CS_SEV_NOTICE]);
	cs_jsonw_end(w);
}

static void jchain(cs_jsonw *w, const cs_analysis *a, cs_buf *tmp)
{
	char tb[16];
	cs_jsonw_array(w, "chain");
	for (size_t i = 0; i < a->nlinks; i++) {
		const cs_answer_link *l = &a->links[i];
		cs_jsonw_object(w, NULL);
		jname(w, "name", &l->name);
		cs_jsonw_str(w, "type", cs_rrtype_str(l->type, tb));
		jzone_name(w, "zone", a, l->zone);
		cs_jsonw_str(w, "answer", cs_answer_kind_str(l->kind));
		cs_jsonw_str(w, "state", cs_state_str(l->state));
		if (l->proof)
			cs_jsonw_str(w, "proof", l->proof);
		else
			cs_jsonw_null(w, "proof");
		jrrsets(w, "rrsets", l->rrsets, l->nrrsets, tmp);
		cs_jsonw_end(w);
	}
	cs_jsonw_end(w);
}

static void jfindings(cs_jsonw *w, const cs_analysis *a)
{
	cs_jsonw_array(w, "findings");
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding *f = &a->findings[i];
		const cs_finding_info *fi = cs_finding_info_get(f->code);
		cs_jsonw_object(w, NULL);
		cs_jsonw_str(w, "code", fi->code);
		cs_jsonw_str(w, "severity", cs_severity_str(fi->severity));
		cs_jsonw_str(w, "title", fi->title);
		jname(w, "zone", &f->zone);
		jstrings(w, "servers", f->servers, f->nservers);
		cs_jsonw_str(w, "subject", f->subject);
		cs_jsonw_str(w, "message", f->message);
		jstrings(w, "evidence", f->evidence, f->nevidence);
		cs_jsonw_str(w, "fix", f->fix ? f->fix : fi->fix);
		jstrings(w, "publish", f->publish, f->npublish);
		cs_jsonw_str(w, "rfc", fi->rfc);
		cs_jsonw_end(w);
	}
	cs_jsonw_end(w);
}

/* The document with indent spaces per level (0: one line); malloc'd, NULL
 * when out of memory. */
static char *check_json(const cs_analysis *a, const cs_capture *c, unsigned indent)
{
	cs_buf out, tmp;
	cs_buf_init(&out);
	cs_buf_init(&tmp);
	cs_jsonw w;
	cs_jsonw_init(&w, &out, indent);
	cs_jsonw_object(&w, NULL);
	jhead(&w, a, c);
	cs_jsonw_array(&w, "zones");
	for (size_t i = 0; i < a->nzones; i++)
		jzone(&w, a, &a->zones[i], &tmp);
	cs_jsonw_end(&w);
	jchain(&w, a, &tmp);
	jfindings(&w, a);
	cs_jsonw_end(&w);
	cs_buf_free(&tmp);
	if (!cs_jsonw_ok(&w, true) || cs_buf_cstr(&out)[0] == 0) {
		cs_buf_free(&out);
		return NULL;
	}
	return (char *)out.data; /* NUL-terminated by cs_buf_cstr; the caller's now */
}

char *cs_render_json(const cs_analysis *a, const cs_capture *c)
{
	return check_json(a, c, 2);
}

char *cs_render_json_line(const cs_analysis *a, const cs_capture *c)
{
	return check_json(a, c, 0);
}
