#include "capture/import.h"

#include "dns/rrtype.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cs_err cs_import_fail(cs_import_err *e, cs_err err, const char *fmt, ...)
{
	if (e->err != CS_OK)
		return e->err;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, e->len, fmt, ap);
	va_end(ap);
	e->err = err;
	return err;
}

cs_err cs_zone_table_add(cs_zone_table *t, const cs_name *zone, const char *addr, const cs_name *ns)
{
	for (size_t i = 0; i < t->n; i++)
		if (cs_name_equal(&t->v[i].zone, zone) && strcmp(t->v[i].addr, addr) == 0) {
			if (ns && t->v[i].ns.len == 0)
				t->v[i].ns = *ns;
			return CS_OK;
		}
	if (t->n == CS_ZONE_TABLE_MAX)
		return CS_OK;
	cs_zone_member *v = realloc(t->v, (t->n + 1) * sizeof(*v));
	if (v == NULL)
		return CS_ENOMEM;
	t->v = v;
	cs_zone_member *m = &v[t->n++];
	memset(m, 0, sizeof(*m));
	m->zone = *zone;
	snprintf(m->addr, sizeof(m->addr), "%s", addr);
	if (ns)
		m->ns = *ns;
	return CS_OK;
}

void cs_zone_table_free(cs_zone_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

bool cs_zone_table_has(const cs_zone_table *t, const cs_name *n)
{
	for (size_t i = 0; i < t->n; i++)
		if (cs_name_equal(&t->v[i].zone, n))
			return true;
	return false;
}

static bool strictly_below(const cs_name *n, const cs_name *zone)
{
	return cs_name_is_below(n, zone) && !cs_name_equal(n, zone);
}

bool cs_zone_table_serves_above(const cs_zone_table *t, const cs_name *cut, const char *addr)
{
	for (size_t i = 0; i < t->n; i++)
		if (strictly_below(cut, &t->v[i].zone) && strcmp(t->v[i].addr, addr) == 0)
			return true;
	return false;
}

void cs_zone_table_above(const cs_zone_table *t, const cs_name *n, cs_name *out)
{
	cs_name_root(out);
	for (size_t i = 0; i < t->n; i++)
		if (strictly_below(n, &t->v[i].zone) &&
		    cs_name_labels(&t->v[i].zone) > cs_name_labels(out))
			*out = t->v[i].zone;
}

void cs_zone_table_zone_for(const cs_zone_table *t, const cs_name *qname, uint16_t qtype,
			    const char *server, cs_name *out)
{
	const cs_zone_member *best = NULL, *any = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const cs_zone_member *m = &t->v[i];
		if (!cs_name_is_below(qname, &m->zone) ||
		    (qtype == CS_TYPE_DS && cs_name_equal(qname, &m->zone)))
			continue; /* DS lives at the parent */
		if (any == NULL || cs_name_labels(&m->zone) > cs_name_labels(&any->zone))
			any = m;
		if (strcmp(m->addr, server) == 0 &&
		    (best == NULL || cs_name_labels(&m->zone) > cs_name_labels(&best->zone)))
			best = m;
	}
	if (best == NULL)
		best = any;
	if (best)
		*out = best->zone;
	else
		cs_name_root(out);
}

cs_err cs_zone_table_to_capture(const cs_zone_table *t, cs_capture *c)
{
	for (size_t i = 0; i < t->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = cs_name_equal(&t->v[j].zone, &t->v[i].zone);
		if (seen)
			continue;
		cs_capture_zone z = {.name = t->v[i].zone};
		if (z.name.len > 1)
			cs_zone_table_above(t, &z.name, &z.parent);
		else
			z.parent = z.name;
		cs_capture_server *sv = calloc(t->n, sizeof(*sv));
		char **addrs = calloc(t->n, sizeof(*addrs));
		char *names = calloc(t->n, CS_NAME_TEXT_MAX);
		cs_err err = CS_ENOMEM;
		if (sv && addrs && names) {
			for (size_t j = i; j < t->n; j++) {
				const cs_zone_member *m = &t->v[j];
				if (!cs_name_equal(&m->zone, &z.name))
					continue;
				char *nm = names + z.nservers * CS_NAME_TEXT_MAX;
				if (m->ns.len)
					cs_name_str(&m->ns, nm);
				else
					snprintf(nm, CS_NAME_TEXT_MAX, "%s", m->addr);
				addrs[z.nservers] = (char *)m->addr;
				sv[z.nservers] =
				    (cs_capture_server){.ns_name = nm,
							.addresses = &addrs[z.nservers],
							.naddresses = 1};
				z.nservers++;
			}
			z.servers = sv;
			err = cs_capture_add_zone(c, &z);
		}
		free(sv);
		free(addrs);
		free(names);
		if (err != CS_OK)
			return err;
	}
	return CS_OK;
}

cs_qpurpose cs_infer_purpose(const cs_name *zone, const cs_name *qname, uint16_t qtype, bool edns,
			     bool qname_is_zone)
{
	if (qtype == CS_TYPE_DS)
		return CS_QPURPOSE_DS;
	if (!cs_name_equal(zone, qname))
		return qtype == CS_TYPE_NS && qname_is_zone ? CS_QPURPOSE_REFERRAL
							    : CS_QPURPOSE_TARGET;
	switch (qtype) {
	case CS_TYPE_DNSKEY:
		return CS_QPURPOSE_DNSKEY;
	case CS_TYPE_SOA:
		return edns ? CS_QPURPOSE_SOA : CS_QPURPOSE_PLAIN;
	case CS_TYPE_NS:
		return CS_QPURPOSE_NS;
	case CS_TYPE_CDS:
		return CS_QPURPOSE_CDS;
	case CS_TYPE_CDNSKEY:
		return CS_QPURPOSE_CDNSKEY;
	default:
		return CS_QPURPOSE_TARGET;
	}
}
