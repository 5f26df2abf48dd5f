#include "json.h"

#include "base/buf.h"
#include "dns/rdata.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *jname(const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	return json_string(cs_name_str(n, b));
}

static json_t *jtime(int64_t t)
{
	char b[24];
	return json_string(cs_time_format_iso(t, b));
}

static json_t *jrr(const cs_rr *rr)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_rr_to_text(rr, &b);
	json_t *j = json_string(cs_buf_cstr(&b));
	cs_buf_free(&b);
	return j;
}

static json_t *jstrings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *jrrset(const cs_rrset *s)
{
	json_t *o = json_object();
	char tb[16];
	json_object_set_new(o, "owner", jname(&s->owner));
	json_object_set_new(o, "type", json_string(cs_rrtype_str(s->type, tb)));
	json_object_set_new(o, "state", json_string(cs_state_str(s->state)));
	json_t *recs = json_array();
	for (size_t i = 0; i < s->nrrs; i++)
		json_array_append_new(recs, jrr(s->rrs[i]));
	json_object_set_new(o, "records", recs);
	json_t *sigs = json_array();
	for (size_t i = 0; i < s->nsigs; i++) {
		const cs_sig_eval *e = &s->sigs[i];
		json_t *so = json_object();
		json_object_set_new(so, "record", jrr(e->rrsig));
		json_object_set_new(so, "status", json_string(cs_sig_status_str(e->status)));
		json_object_set_new(so, "inception", jtime(e->inception));
		json_object_set_new(so, "expiration", jtime(e->expiration));
		json_array_append_new(sigs, so);
	}
	json_object_set_new(o, "signatures", sigs);
	json_object_set_new(o, "servers", jstrings(s->servers, s->nservers));
	return o;
}

static json_t *jzone(const cs_analysis *a, const cs_zone *z)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", jname(&z->name));
	json_object_set_new(o, "parent",
			    z->parent >= 0 ? jname(&a->zones[z->parent].name) : json_null());
	json_object_set_new(o, "state", json_string(cs_state_str(z->state)));
	json_object_set_new(o, "delegation", json_string(cs_state_str(z->delegation)));
	json_object_set_new(o, "signed", json_boolean(z->signed_zone));
	json_object_set_new(o, "ds_proven_absent", json_boolean(z->ds_proven_absent));
	json_t *ds = json_array();
	for (size_t i = 0; i < z->nds; i++)
		json_array_append_new(ds, jrrset(&z->ds[i]));
	json_object_set_new(o, "ds", ds);
	json_t *keys = json_array();
	for (size_t i = 0; i < z->nkeys; i++) {
		const cs_key *k = &z->keys[i];
		json_t *ko = json_object();
		json_object_set_new(ko, "tag", json_integer(k->tag));
		json_object_set_new(ko, "algorithm", json_integer(k->algorithm));
		json_object_set_new(ko, "flags", json_integer(k->flags));
		json_object_set_new(ko, "bits", json_integer(k->bits));
		json_object_set_new(ko, "ds_match", json_boolean(k->ds_match));
		json_object_set_new(ko, "signs_dnskey", json_boolean(k->signs_dnskey));
		json_object_set_new(ko, "trusted", json_boolean(k->trusted));
		json_object_set_new(ko, "record", jrr(k->rr));
		json_array_append_new(keys, ko);
	}
	json_object_set_new(o, "keys", keys);
	json_t *var = json_array();
	for (size_t i = 0; i < z->ndnskey; i++)
		json_array_append_new(var, jrrset(&z->dnskey[i]));
	json_object_set_new(o, "dnskey", var);
	json_t *cds = json_array();
	for (size_t i = 0; i < z->ncds; i++)
		json_array_append_new(cds, jrrset(&z->cds[i]));
	json_object_set_new(o, "cds", cds);
	json_t *servers = json_array();
	for (size_t i = 0; i < z->nservers; i++) {
		const cs_server_view *s = &z->servers[i];
		json_t *so = json_object();
		json_object_set_new(so, "address", json_string(s->address));
		json_object_set_new(so, "name", json_string(s->ns_name));
		json_object_set_new(so, "state", json_string(cs_state_str(s->state)));
		json_object_set_new(so, "answered", json_boolean(s->answered));
		json_object_set_new(so, "dissents", json_boolean(s->dissents));
		json_object_set_new(so, "reason",
				    s->reason[0] ? json_string(s->reason) : json_null());
		json_array_append_new(servers, so);
	}
	json_object_set_new(o, "servers", servers);
	const cs_server_summary *m = &z->server_summary;
	json_t *sum = json_object();
	json_object_set_new(sum, "addresses", json_integer((json_int_t)m->naddresses));
	json_object_set_new(sum, "names", json_integer((json_int_t)m->nnames));
	json_object_set_new(sum, "failing", json_integer((json_int_t)m->nfailing));
	json_object_set_new(sum, "failing_percent", json_integer(m->failing_percent));
	json_object_set_new(sum, "degraded", json_boolean(m->degraded));
	json_object_set_new(sum, "all_agree", json_boolean(m->all_agree));
	json_object_set_new(sum, "worst", json_string(cs_state_str(m->worst)));
	json_object_set_new(sum, "majority", json_string(cs_state_str(m->majority)));
	json_object_set_new(sum, "dissenting", json_integer((json_int_t)m->ndissent));
	json_object_set_new(o, "server_summary", sum);
	return o;
}

static json_t *check_json(const cs_analysis *a, const cs_capture *c)
{
	char tb[16];
	json_t *o = json_object();
	json_object_set_new(o, "schema", json_string("chainscope-check"));
	json_object_set_new(o, "version", json_integer(CS_CHECK_JSON_VERSION));
	json_t *q = json_object();
	json_object_set_new(q, "name", jname(&c->qname));
	json_object_set_new(q, "type", json_string(cs_rrtype_str(c->qtype, tb)));
	json_object_set_new(o, "query", q);
	json_object_set_new(o, "evaluated_at", jtime(a->at));
	json_object_set_new(o, "evaluated_at_s", json_integer(a->at));
	json_object_set_new(o, "verdict", json_string(cs_state_str(a->verdict)));
	json_object_set_new(o, "answer", json_string(cs_answer_kind_str(a->answer)));
	if (a->has_next_break) {
		json_t *nb = json_object();
		json_object_set_new(nb, "at", jtime(a->next_break));
		json_object_set_new(nb, "at_s", json_integer(a->next_break));
		json_object_set_new(nb, "what", json_string(a->next_break_what));
		json_object_set_new(o, "next_break", nb);
	} else {
		json_object_set_new(o, "next_break", json_null());
	}
	json_t *counts = json_object();
	json_object_set_new(counts, "error", json_integer(a->counts[CS_SEV_ERROR]));
	json_object_set_new(counts, "warning", json_integer(a->counts[CS_SEV_WARNING]));
	json_object_set_new(counts, "notice", json_integer(a->counts[CS_SEV_NOTICE]));
	json_object_set_new(o, "counts", counts);
	json_t *zones = json_array();
	for (size_t i = 0; i < a->nzones; i++)
		json_array_append_new(zones, jzone(a, &a->zones[i]));
	json_object_set_new(o, "zones", zones);
	json_t *chain = json_array();
	for (size_t i = 0; i < a->nlinks; i++) {
		const cs_answer_link *l = &a->links[i];
		json_t *lo = json_object();
		json_object_set_new(lo, "name", jname(&l->name));
		json_object_set_new(lo, "type", json_string(cs_rrtype_str(l->type, tb)));
		json_object_set_new(lo, "zone",
				    l->zone >= 0 ? jname(&a->zones[l->zone].name) : json_null());
		json_object_set_new(lo, "answer", json_string(cs_answer_kind_str(l->kind)));
		json_object_set_new(lo, "state", json_string(cs_state_str(l->state)));
		json_object_set_new(lo, "proof", l->proof ? json_string(l->proof) : json_null());
		json_t *sets = json_array();
		for (size_t k = 0; k < l->nrrsets; k++)
			json_array_append_new(sets, jrrset(&l->rrsets[k]));
		json_object_set_new(lo, "rrsets", sets);
		json_array_append_new(chain, lo);
	}
	json_object_set_new(o, "chain", chain);
	json_t *findings = json_array();
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding *f = &a->findings[i];
		const cs_finding_info *fi = cs_finding_info_get(f->code);
		json_t *fo = json_object();
		json_object_set_new(fo, "code", json_string(fi->code));
		json_object_set_new(fo, "severity", json_string(cs_severity_str(fi->severity)));
		json_object_set_new(fo, "title", json_string(fi->title));
		json_object_set_new(fo, "zone", jname(&f->zone));
		json_object_set_new(fo, "servers", jstrings(f->servers, f->nservers));
		json_object_set_new(fo, "subject", json_string(f->subject));
		json_object_set_new(fo, "message", json_string(f->message));
		json_object_set_new(fo, "evidence", jstrings(f->evidence, f->nevidence));
		json_object_set_new(fo, "fix", json_string(f->fix ? f->fix : fi->fix));
		json_object_set_new(fo, "publish", jstrings(f->publish, f->npublish));
		json_object_set_new(fo, "rfc", json_string(fi->rfc));
		json_array_append_new(findings, fo);
	}
	json_object_set_new(o, "findings", findings);
	return o;
}

static char *dump(json_t *o, size_t flags)
{
	char *s = o ? json_dumps(o, flags | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
	json_decref(o);
	return s;
}

char *cs_render_json(const cs_analysis *a, const cs_capture *c)
{
	return dump(check_json(a, c), JSON_INDENT(2));
}

char *cs_render_json_line(const cs_analysis *a, const cs_capture *c)
{
	return dump(check_json(a, c), JSON_COMPACT);
}
