/*
 * dnsviz_export.c - a capture as a DNSViz probe file (format 1.2): one entry
 * per zone (its apex queries, the DS asked of its parent, its denial
 * probes) and one per other name asked as a target at its own zone's
 * servers; every response is the capture's octets, unchanged.
 */
#include "capture/dnsviz.h"

#include "base/buf.h"
#include "base/codec.h"
#include "dns/rrtype.h"
#include "text/dnstime.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cs_capture_zone *find_zone(const cs_capture *c, const cs_name *n)
{
	for (size_t i = 0; i < c->nzones; i++)
		if (cs_name_equal(&c->zones[i].name, n))
			return &c->zones[i];
	return NULL;
}

/* The deepest zone of the capture at or above n; NULL when none. */
static const cs_capture_zone *zone_of(const cs_capture *c, const cs_name *n)
{
	const cs_capture_zone *best = NULL;
	for (size_t i = 0; i < c->nzones; i++) {
		const cs_capture_zone *z = &c->zones[i];
		if ((cs_name_equal(&z->name, n) || cs_name_is_below(n, &z->name)) &&
		    (best == NULL || cs_name_labels(&z->name) > cs_name_labels(&best->name)))
			best = z;
	}
	return best;
}

/* The entry a query belongs in: its qname's, or for a denial probe, its
 * zone's. NULL for what DNSViz has no place for (referrals at ancestors,
 * address lookups). */
static bool entry_of(const cs_capture *c, const cs_capture_query *q, cs_name *out,
		     const char **nxkey)
{
	*nxkey = NULL;
	switch (q->purpose) {
	case CS_QPURPOSE_NXNAME:
	case CS_QPURPOSE_NXTYPE:
		*out = q->zone;
		*nxkey = q->purpose == CS_QPURPOSE_NXNAME ? "nxdomain" : "nxrrset";
		return true;
	case CS_QPURPOSE_ADDRESS:
	case CS_QPURPOSE_PLAIN:
		return false;
	case CS_QPURPOSE_DS:
		*out = q->qname;
		return find_zone(c, &q->qname) != NULL;
	case CS_QPURPOSE_TARGET:
	case CS_QPURPOSE_REFERRAL: {
		const cs_capture_zone *z = zone_of(c, &q->qname);
		if (z && !cs_name_equal(&z->name, &q->zone))
			return false; /* asked of an ancestor: the walk down */
		*out = q->qname;
		return true;
	}
	default:
		*out = q->qname;
		return true;
	}
}

static json_t *options_of(const cs_capture_query *q)
{
	json_t *o = json_object();
	json_object_set_new(o, "flags", json_integer((q->rd ? 0x0100 : 0) | (q->cd ? 0x0010 : 0)));
	if (q->edns_size > 0) {
		json_object_set_new(o, "edns_version", json_integer(0));
		json_object_set_new(o, "edns_max_udp_payload", json_integer(q->edns_size));
		json_object_set_new(o, "edns_flags", json_integer(q->do_bit ? 0x8000 : 0));
		json_object_set_new(o, "edns_options", json_array());
	}
	json_object_set_new(o, "tcp", json_boolean(q->transport == CS_TRANSPORT_TCP));
	return o;
}

static json_t *response_of(const cs_capture_query *q)
{
	json_t *r = json_object();
	if (q->result == CS_QRESULT_ANSWER && q->response) {
		cs_buf b;
		cs_buf_init(&b);
		cs_b64_encode(&b, q->response, q->response_len);
		json_object_set_new(r, "message", json_string(cs_buf_cstr(&b)));
		json_object_set_new(r, "msg_size", json_integer((json_int_t)q->response_len));
		cs_buf_free(&b);
	} else {
		json_object_set_new(r, "message", json_null());
		bool timeout = q->result == CS_QRESULT_TIMEOUT || q->result == CS_QRESULT_SKIPPED ||
			       q->result == CS_QRESULT_LIMIT;
		json_object_set_new(r, "error", json_string(timeout ? "TIMEOUT" : "NETWORK_ERROR"));
		if (q->result == CS_QRESULT_REFUSED)
			json_object_set_new(r, "errno", json_string("ECONNREFUSED"));
	}
	json_object_set_new(r, "time_elapsed", json_integer(q->rtt_us > 0 ? q->rtt_us / 1000 : 0));
	json_object_set_new(r, "history", json_array());
	return r;
}

static const char *client_of(const char *server)
{
	return strchr(server, ':') ? "::1" : "127.0.0.1";
}

/* The DNSViz query object for q in entry e: found by question and
 * options, or appended. */
static json_t *query_slot(json_t *e, const cs_capture_query *q)
{
	json_t *qs = json_object_get(e, "queries");
	char nb[CS_NAME_TEXT_MAX], tb[16];
	cs_name_str(&q->qname, nb);
	cs_rrtype_str(q->qtype, tb);
	json_t *opts = options_of(q);
	size_t i;
	json_t *jq;
	json_array_foreach(qs, i, jq)
	{
		if (strcmp(json_string_value(json_object_get(jq, "qname")), nb) == 0 &&
		    strcmp(json_string_value(json_object_get(jq, "qtype")), tb) == 0 &&
		    json_equal(json_object_get(jq, "options"), opts)) {
			json_decref(opts);
			return jq;
		}
	}
	jq = json_object();
	json_object_set_new(jq, "qname", json_string(nb));
	json_object_set_new(jq, "qclass", json_string("IN"));
	json_object_set_new(jq, "qtype", json_string(tb));
	json_object_set_new(jq, "options", opts);
	json_object_set_new(jq, "responses", json_object());
	json_array_append_new(qs, jq);
	return jq;
}

static json_t *new_entry(const cs_capture *c, const cs_name *n)
{
	char sb[24], eb[24], nb[CS_NAME_TEXT_MAX];
	cs_time_format_iso(c->started_s, sb);
	cs_time_format_iso(c->started_s + c->duration_us / 1000000, eb);
	/* DNSViz writes "YYYY-MM-DD HH:MM:SS UTC". */
	sb[10] = eb[10] = ' ';
	sb[19] = eb[19] = '\0';
	char st[32], et[32];
	snprintf(st, sizeof(st), "%s UTC", sb);
	snprintf(et, sizeof(et), "%s UTC", eb);
	json_t *e = json_object();
	bool rec = c->mode && strcmp(c->mode, "recursive") == 0;
	json_object_set_new(e, "type", json_string(rec ? "recursive" : "authoritative"));
	json_object_set_new(e, "stub", json_false());
	json_object_set_new(e, "analysis_start", json_string(st));
	json_object_set_new(e, "analysis_end", json_string(et));
	json_t *v4 = json_array(), *v6 = json_array();
	if (c->ipv4)
		json_array_append_new(v4, json_string("127.0.0.1"));
	if (c->ipv6)
		json_array_append_new(v6, json_string("::1"));
	json_object_set_new(e, "clients_ipv4", v4);
	json_object_set_new(e, "clients_ipv6", v6);
	const cs_capture_zone *z = find_zone(c, n);
	cs_name parent;
	if (z && !cs_name_equal(&z->parent, &z->name))
		parent = z->parent;
	else if (!z && zone_of(c, n))
		parent = zone_of(c, n)->name;
	else
		parent.len = 0;
	if (parent.len)
		json_object_set_new(e, "parent", json_string(cs_name_str(&parent, nb)));
	if (z)
		json_object_set_new(e, "referral_rdtype", json_string("NS"));
	json_object_set_new(e, "explicit_delegation", json_false());
	if (z) {
		json_t *map = json_object();
		for (size_t i = 0; i < z->nservers; i++) {
			json_t *a = json_array();
			for (size_t k = 0; k < z->servers[i].naddresses; k++)
				json_array_append_new(a, json_string(z->servers[i].addresses[k]));
			json_object_set_new(map, z->servers[i].ns_name, a);
		}
		json_object_set_new(e, "auth_ns_ip_mapping", map);
	}
	json_object_set_new(e, "queries", json_array());
	return e;
}

static void add_to(json_t *root, const cs_capture *c, const cs_name *n, const char *nxkey,
		   const cs_capture_query *q)
{
	char nb[CS_NAME_TEXT_MAX], tb[16], kb[32];
	cs_name_str(n, nb);
	json_t *e = json_object_get(root, nb);
	if (e == NULL) {
		e = new_entry(c, n);
		json_object_set_new(root, nb, e);
	}
	if (nxkey) {
		snprintf(kb, sizeof(kb), "%s_name", nxkey);
		json_object_set_new(e, kb, json_string(cs_name_str(&q->qname, nb)));
		snprintf(kb, sizeof(kb), "%s_rdtype", nxkey);
		json_object_set_new(e, kb, json_string(cs_rrtype_str(q->qtype, tb)));
	}
	json_t *resp = json_object_get(query_slot(e, q), "responses");
	json_t *per = json_object_get(resp, q->server);
	if (per == NULL) {
		per = json_object();
		json_object_set_new(resp, q->server, per);
	}
	const char *client = client_of(q->server);
	json_t *old = json_object_get(per, client);
	if (old && !json_is_null(json_object_get(old, "message")))
		return; /* the first answer stays */
	json_object_set_new(per, client, response_of(q));
}

char *cs_dnsviz_export(const cs_capture *c)
{
	json_t *root = json_object();
	if (root == NULL)
		return NULL;
	/* Zones first, from the root down, so parents precede children. */
	for (unsigned depth = 0; depth <= 128; depth++)
		for (size_t i = 0; i < c->nzones; i++) {
			if (cs_name_labels(&c->zones[i].name) != depth)
				continue;
			char nb[CS_NAME_TEXT_MAX];
			cs_name_str(&c->zones[i].name, nb);
			if (json_object_get(root, nb) == NULL)
				json_object_set_new(root, nb, new_entry(c, &c->zones[i].name));
		}
	for (size_t i = 0; i < c->nqueries; i++) {
		const cs_capture_query *q = &c->queries[i];
		cs_name n;
		const char *nx;
		if (entry_of(c, q, &n, &nx))
			add_to(root, c, &n, nx, q);
	}
	json_t *meta = json_object();
	json_object_set_new(meta, "version", json_real(1.2));
	json_t *names = json_array();
	char nb[CS_NAME_TEXT_MAX];
	json_array_append_new(names, json_string(cs_name_str(&c->qname, nb)));
	json_object_set_new(meta, "names", names);
	json_object_set_new(root, CS_DNSVIZ_META, meta);
	char *s = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(3));
	json_decref(root);
	return s;
}
