/*
 * an_ctx.c - the analyzer's small tools: strings in the analysis arena,
 * findings storage, looking up captured responses.
 */
#include "analyze/an_ctx.h"
#include "dns/rdata.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* printf into the analysis arena. */
const char *an_strf(ctx *x, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	char *s = cs_arena_strdup(x->ar, buf);
	if (s == NULL) {
		x->err = CS_ENOMEM;
		return "";
	}
	return s;
}

const char *an_name(ctx *x, const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	return an_strf(x, "%s", cs_name_str(n, b));
}

const char *an_rr(ctx *x, const cs_rr *rr)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_rr_to_text(rr, &b);
	const char *s = an_strf(x, "%s", cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

const char *an_time(ctx *x, int64_t t)
{
	char b[24];
	return an_strf(x, "%s", cs_time_format_iso(t, b));
}

void *an_alloc(ctx *x, size_t n)
{
	void *p = cs_arena_alloc(x->ar, n);
	if (p == NULL)
		x->err = CS_ENOMEM;
	return p;
}

bool an_same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Add a finding, or add the server to an identical one (same code, zone,
 * subject and message): one finding lists every server it concerns. */
cs_finding *an_finding(ctx *x, cs_finding_code code, const cs_name *zone, const char *server,
		       const char *subject, const char *fix, const char *message)
{
	cs_analysis *a = x->a;
	for (size_t i = 0; i < a->nfindings; i++) {
		cs_finding *f = &a->findings[i];
		if (f->code == code && cs_name_equal(&f->zone, zone) &&
		    an_same(f->subject, subject) && an_same(f->message, message)) {
			if (server == NULL)
				return f;
			for (size_t k = 0; k < f->nservers; k++)
				if (an_same(f->servers[k], server))
					return f;
			const char **v = cs_arena_alloc(x->ar, (f->nservers + 1) * sizeof(*v));
			if (v == NULL) {
				x->err = CS_ENOMEM;
				return f;
			}
			if (f->nservers)
				memcpy(v, f->servers, f->nservers * sizeof(*v));
			v[f->nservers++] = server;
			f->servers = v;
			return f;
		}
	}
	if (a->nfindings == a->cap_findings) {
		size_t cap = a->cap_findings ? a->cap_findings * 2 : 32;
		cs_finding *v = cs_arena_alloc(x->ar, cap * sizeof(*v));
		if (v == NULL) {
			x->err = CS_ENOMEM;
			return NULL;
		}
		if (a->nfindings)
			memcpy(v, a->findings, a->nfindings * sizeof(*v));
		a->findings = v;
		a->cap_findings = cap;
	}
	cs_finding *f = &a->findings[a->nfindings++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->zone = *zone;
	f->subject = subject;
	f->message = message;
	f->fix = fix;
	if (server != NULL) {
		f->servers = cs_arena_alloc(x->ar, sizeof(*f->servers));
		if (f->servers == NULL) {
			x->err = CS_ENOMEM;
		} else {
			f->servers[0] = server;
			f->nservers = 1;
		}
	}
	return f;
}

void an_publish(ctx *x, cs_finding *f, const char *list)
{
	if (f == NULL || list == NULL || *list == 0)
		return;
	size_t n = 1;
	for (const char *p = strstr(list, "; "); p; p = strstr(p + 2, "; "))
		n++;
	const char **v = an_alloc(x, (f->npublish + n) * sizeof(*v));
	if (v == NULL)
		return;
	for (size_t i = 0; i < f->npublish; i++)
		v[i] = f->publish[i];
	const char *s = list;
	for (;;) {
		const char *e = strstr(s, "; ");
		size_t len = e ? (size_t)(e - s) : strlen(s);
		bool dup = false;
		for (size_t i = 0; i < f->npublish && !dup; i++)
			dup = strlen(v[i]) == len && strncmp(v[i], s, len) == 0;
		if (!dup)
			v[f->npublish++] = an_strf(x, "%.*s", (int)len, s);
		if (e == NULL)
			break;
		s = e + 2;
	}
	f->publish = v;
}

void an_evidence(ctx *x, cs_finding *f, const char *line)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nevidence; i++)
		if (an_same(f->evidence[i], line))
			return;
	const char **v = cs_arena_alloc(x->ar, (f->nevidence + 1) * sizeof(*v));
	if (v == NULL) {
		x->err = CS_ENOMEM;
		return;
	}
	if (f->nevidence)
		memcpy(v, f->evidence, f->nevidence * sizeof(*v));
	v[f->nevidence++] = line;
	f->evidence = v;
}

/* The best response of server to qname/qtype asked for zone: a TCP answer
 * beats a truncated UDP one. NULL when the server gave none. */
const resp *an_find_resp(ctx *x, const cs_name *zone, const char *server, const cs_name *qname,
			 uint16_t qtype)
{
	const resp *best = NULL;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const resp *r = &x->resps[i];
		const cs_capture_query *q = r->q;
		if (q->purpose == CS_QPURPOSE_PLAIN)
			continue; /* the EDNS downgrade test, not the zone's data */
		if (q->qtype != qtype || !an_same(q->server, server) ||
		    (!x->recursive && !cs_name_equal(&q->zone, zone)) ||
		    !cs_name_equal(&q->qname, qname))
			continue;
		if (!r->ok)
			continue;
		if (best == NULL || (best->m.tc && !r->m.tc))
			best = r;
	}
	return best;
}

/* Did server answer anything at all for zone? Counts the failures. */
bool an_server_answered(ctx *x, const cs_name *zone, const char *server, unsigned *timeouts,
			unsigned *refused, unsigned *malformed)
{
	bool any = false;
	*timeouts = *refused = *malformed = 0;
	for (size_t i = 0; i < x->c->nqueries; i++) {
		const cs_capture_query *q = &x->c->queries[i];
		if (!an_same(q->server, server) ||
		    (!x->recursive && !cs_name_equal(&q->zone, zone)))
			continue;
		if (q->result == CS_QRESULT_ANSWER && x->resps[i].ok)
			any = true;
		else if (q->result == CS_QRESULT_ANSWER)
			(*malformed)++;
		else if (q->result == CS_QRESULT_TIMEOUT || q->result == CS_QRESULT_SKIPPED)
			(*timeouts)++;
		else if (q->result == CS_QRESULT_REFUSED || q->result == CS_QRESULT_NETERROR)
			(*refused)++;
	}
	return any;
}

/* Collect the RRs of owner/type from a section (well-formed ones only). */
size_t an_collect(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
		  const cs_rr ***out)
{
	size_t n = 0;
	for (size_t i = 0; i < m->counts[sec]; i++) {
		const cs_rr *rr = &m->sections[sec][i];
		if (rr->type == type && rr->rdata_err == CS_OK && cs_name_equal(&rr->owner, owner))
			n++;
	}
	*out = NULL;
	if (n == 0)
		return 0;
	const cs_rr **v = cs_arena_alloc(x->ar, n * sizeof(*v));
	if (v == NULL) {
		x->err = CS_ENOMEM;
		return 0;
	}
	size_t k = 0;
	for (size_t i = 0; i < m->counts[sec]; i++) {
		const cs_rr *rr = &m->sections[sec][i];
		if (rr->type == type && rr->rdata_err == CS_OK && cs_name_equal(&rr->owner, owner))
			v[k++] = rr;
	}
	*out = v;
	return n;
}

/* RRSIGs in a section covering owner/type. */
size_t an_collect_sigs(ctx *x, const cs_msg *m, int sec, const cs_name *owner, uint16_t type,
		       const cs_rr ***out)
{
	const cs_rr **all;
	size_t n = an_collect(x, m, sec, owner, CS_TYPE_RRSIG, &all);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		cs_rrsig_view v;
		if (cs_rrsig_view_parse(all[i]->rdata, all[i]->rdlen, &v) == CS_OK &&
		    v.type_covered == type)
			all[k++] = all[i];
	}
	*out = all;
	return k;
}

/* Same records (as a set of RDATA)? */
bool an_same_rdata(const cs_rr *const *a, size_t na, const cs_rr *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++)
			found = a[i]->rdlen == b[k]->rdlen &&
				memcmp(a[i]->rdata, b[k]->rdata, a[i]->rdlen) == 0;
		if (!found)
			return false;
	}
	return true;
}

bool an_zone_serves(const cs_zone *z, const char *server)
{
	for (size_t i = 0; i < z->nservers; i++)
		if (an_same(z->servers[i].address, server))
			return true;
	return false;
}

int an_zone_index(cs_analysis *a, const cs_name *n)
{
	for (size_t i = 0; i < a->nzones; i++)
		if (cs_name_equal(&a->zones[i].name, n))
			return (int)i;
	return -1;
}
