/*
 * dnsviz.c - importing DNSViz probe files into captures. The export is in
 * dnsviz_export.c.
 */
#include "capture/dnsviz.h"

#include "capture/import.h"

#include "base/buf.h"
#include "base/codec.h"
#include "dns/msg.h"
#include "dns/rrtype.h"
#include "text/dnstime.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	cs_capture *c;
	cs_zone_table zones; /* auth_ns_ip_mapping of every entry */
	uint16_t qtype;
	bool formerr_note;
	cs_import_err e;
} dv_ctx;

bool cs_dnsviz_sniff(const char *text, size_t len)
{
	static const char key[] = "\"" CS_DNSVIZ_META "\"";
	size_t kl = sizeof(key) - 1;
	for (size_t i = 0; i + kl <= len; i++)
		if (text[i] == '"' && memcmp(text + i, key, kl) == 0)
			return true;
	return false;
}

static bool name_of(const char *s, cs_name *out)
{
	return s && cs_name_from_text(s, strlen(s), NULL, out) == CS_OK;
}

/* Why DNSViz asked this, in the probe's vocabulary. */
static cs_qpurpose purpose_of(const dv_ctx *x, json_t *entry, const cs_name *zone,
			      const cs_name *qname, uint16_t qtype, bool edns)
{
	cs_name n;
	if (qtype != CS_TYPE_DS &&
	    name_of(json_string_value(json_object_get(entry, "nxdomain_name")), &n) &&
	    cs_name_equal(&n, qname))
		return CS_QPURPOSE_NXNAME;
	if (name_of(json_string_value(json_object_get(entry, "nxrrset_name")), &n) &&
	    cs_name_equal(&n, qname) && qtype != x->qtype && !cs_name_equal(zone, qname))
		return CS_QPURPOSE_NXTYPE;
	return cs_infer_purpose(zone, qname, qtype, edns, cs_zone_table_has(&x->zones, qname));
}

/* The effective query after DNSViz's retries (history): transport and EDNS. */
typedef struct {
	bool tcp, edns, rd, cd, do_bit;
	uint16_t edns_size;
} dv_opts;

static void apply_history(json_t *history, dv_opts *o)
{
	size_t i;
	json_t *h;
	json_array_foreach(history, i, h)
	{
		const char *act = json_string_value(json_object_get(h, "action"));
		if (act == NULL)
			continue;
		if (strcmp(act, "USE_TCP") == 0)
			o->tcp = true;
		else if (strcmp(act, "USE_UDP") == 0)
			o->tcp = false;
		else if (strcmp(act, "DISABLE_EDNS") == 0)
			o->edns = o->do_bit = false;
		else if (strcmp(act, "CHANGE_UDP_MAX_PAYLOAD") == 0 &&
			 json_is_integer(json_object_get(h, "action_arg"))) {
			json_int_t v = json_integer_value(json_object_get(h, "action_arg"));
			if (v > 0 && v <= 65535)
				o->edns_size = (uint16_t)v;
			o->tcp = false;
		}
	}
}

static bool read_options(json_t *op, dv_opts *o)
{
	json_t *flags = json_object_get(op, "flags"), *tcp = json_object_get(op, "tcp");
	if (!json_is_integer(flags) || !json_is_boolean(tcp))
		return false;
	json_int_t f = json_integer_value(flags);
	memset(o, 0, sizeof(*o));
	o->rd = (f & 0x0100) != 0;
	o->cd = (f & 0x0010) != 0;
	o->tcp = json_is_true(tcp);
	json_t *ev = json_object_get(op, "edns_version");
	if (ev != NULL) {
		json_t *sz = json_object_get(op, "edns_max_udp_payload");
		json_t *ef = json_object_get(op, "edns_flags");
		if (!json_is_integer(ev) || !json_is_integer(sz) || !json_is_integer(ef) ||
		    json_integer_value(sz) < 0 || json_integer_value(sz) > 65535)
			return false;
		o->edns = true;
		o->edns_size = (uint16_t)json_integer_value(sz);
		o->do_bit = (json_integer_value(ef) & 0x8000) != 0;
	}
	return true;
}

/* The round trip in microseconds: time_elapsed (ms; format 1.1 on) or
 * response_time (s; format 1.0); 0 when neither is there. */
static int64_t rtt_of(json_t *r)
{
	json_t *te = json_object_get(r, "time_elapsed");
	json_t *rt = json_object_get(r, "response_time");
	if (json_is_integer(te) && json_integer_value(te) >= 0 &&
	    json_integer_value(te) < INT64_MAX / 1000)
		return (int64_t)json_integer_value(te) * 1000;
	if (json_is_number(rt) && json_number_value(rt) >= 0 && json_number_value(rt) < 1e9)
		return (int64_t)(json_number_value(rt) * 1e6);
	return 0;
}

/* One response of server to client: a capture query. */
static cs_err add_response(dv_ctx *x, json_t *entry, const char *where, const cs_name *qname,
			   uint16_t qtype, const dv_opts *base, const char *server, json_t *r)
{
	if (!json_is_object(r))
		return cs_import_fail(&x->e, CS_ERDATA, "%s: responses[%s]: not an object", where,
				      server);
	json_t *msg = json_object_get(r, "message");
	dv_opts o = *base;
	apply_history(json_object_get(r, "history"), &o);
	cs_capture_query q = {
	    .server = (char *)server,
	    .port = 53,
	    .transport = o.tcp ? CS_TRANSPORT_TCP : CS_TRANSPORT_UDP,
	    .qname = *qname,
	    .qtype = qtype,
	    .rd = o.rd,
	    .cd = o.cd,
	    .do_bit = o.do_bit,
	    .edns_size = o.edns ? o.edns_size : 0,
	    .rtt_us = -1,
	};
	cs_zone_table_zone_for(&x->zones, qname, qtype, server, &q.zone);
	if (strcmp(x->c->mode, "recursive") == 0 && x->c->resolver == NULL &&
	    (x->c->resolver = cs_capture_strdup(x->c, server)) == NULL)
		return cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
	q.purpose = purpose_of(x, entry, &q.zone, qname, qtype, o.edns);
	cs_buf wire, query;
	cs_buf_init(&wire);
	cs_buf_init(&query);
	cs_err err = CS_OK;
	uint16_t id = 0;
	if (json_is_string(msg)) {
		const char *b64 = json_string_value(msg);
		if (cs_b64_decode(&wire, b64, strlen(b64)) != CS_OK) {
			err = cs_import_fail(&x->e, CS_ERDATA,
					     "%s: responses[%s]: message: not valid base64", where,
					     server);
			goto out;
		}
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		size_t off = 0;
		cs_err pe = cs_msg_parse(wire.data, wire.len, &a, &m, &off);
		cs_arena_clear(&a);
		if (pe != CS_OK) {
			err = cs_import_fail(
			    &x->e, CS_ERDATA,
			    "%s: responses[%s]: the response does not parse as DNS at "
			    "offset %zu: %s",
			    where, server, off, cs_strerror(pe));
			goto out;
		}
		id = (uint16_t)(wire.data[0] << 8 | wire.data[1]);
		q.result = CS_QRESULT_ANSWER;
		q.response = wire.data;
		q.response_len = wire.len;
		q.rtt_us = rtt_of(r);
	} else if (json_is_null(msg)) {
		const char *e = json_string_value(json_object_get(r, "error"));
		const char *no = json_string_value(json_object_get(r, "errno"));
		if (e == NULL) {
			err = cs_import_fail(&x->e, CS_ERDATA,
					     "%s: responses[%s]: no message and no error", where,
					     server);
			goto out;
		}
		if (strcmp(e, "TIMEOUT") == 0)
			q.result = CS_QRESULT_TIMEOUT;
		else if (no && strcmp(no, "ECONNREFUSED") == 0)
			q.result = CS_QRESULT_REFUSED;
		else
			q.result = CS_QRESULT_NETERROR;
		if (strcmp(e, "FORMERR") == 0 && !x->formerr_note) {
			x->formerr_note = true;
			if (cs_capture_add_string(
				x->c, &x->c->notes, &x->c->nnotes,
				"DNSViz could not parse some responses and kept "
				"no octets of them: recorded as network errors") != CS_OK) {
				err = cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
				goto out;
			}
		}
	} else {
		err = cs_import_fail(&x->e, CS_ERDATA,
				     "%s: responses[%s]: message: not a string or null", where,
				     server);
		goto out;
	}
	cs_query_opts qo = {.id = id,
			    .rd = o.rd,
			    .cd = o.cd,
			    .edns = o.edns,
			    .do_bit = o.do_bit,
			    .edns_size = o.edns_size};
	if (cs_msg_build_query(qname, qtype, CS_CLASS_IN, &qo, &query) != CS_OK) {
		err = cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
		goto out;
	}
	q.query = query.data;
	q.query_len = query.len;
	if (cs_capture_add_query(x->c, &q) == NULL)
		err = cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
out:
	cs_buf_free(&wire);
	cs_buf_free(&query);
	return err;
}

static cs_err add_queries(dv_ctx *x, const char *ename, json_t *entry)
{
	json_t *qs = json_object_get(entry, "queries");
	if (qs == NULL)
		return CS_OK;
	if (!json_is_array(qs))
		return cs_import_fail(&x->e, CS_ERDATA, "%s: queries: not an array", ename);
	size_t i;
	json_t *jq;
	json_array_foreach(qs, i, jq)
	{
		char where[CS_NAME_TEXT_MAX + 32];
		snprintf(where, sizeof(where), "%s: queries[%zu]", ename, i);
		cs_name qname;
		uint16_t qtype;
		const char *tn = json_string_value(json_object_get(jq, "qtype"));
		const char *cl = json_string_value(json_object_get(jq, "qclass"));
		dv_opts o;
		json_t *resp = json_object_get(jq, "responses");
		if (!name_of(json_string_value(json_object_get(jq, "qname")), &qname))
			return cs_import_fail(&x->e, CS_ERDATA, "%s: qname: not a domain name",
					      where);
		if (tn == NULL || cs_rrtype_from_text(tn, strlen(tn), &qtype) != CS_OK)
			return cs_import_fail(&x->e, CS_ERDATA, "%s: qtype: not a record type",
					      where);
		if (cl == NULL || strcmp(cl, "IN") != 0)
			return cs_import_fail(&x->e, CS_ERDATA, "%s: qclass: only IN is supported",
					      where);
		if (!read_options(json_object_get(jq, "options"), &o))
			return cs_import_fail(&x->e, CS_ERDATA, "%s: options: missing or malformed",
					      where);
		if (!json_is_object(resp))
			return cs_import_fail(&x->e, CS_ERDATA, "%s: responses: not an object",
					      where);
		const char *server;
		json_t *clients;
		json_object_foreach(resp, server, clients)
		{
			if (!json_is_object(clients))
				return cs_import_fail(&x->e, CS_ERDATA,
						      "%s: responses[%s]: not an object", where,
						      server);
			const char *client;
			json_t *r;
			json_object_foreach(clients, client, r)
			{
				cs_err err =
				    add_response(x, entry, where, &qname, qtype, &o, server, r);
				if (err != CS_OK)
					return err;
			}
		}
	}
	return CS_OK;
}

/* "2026-12-04 19:20:03 UTC" -> seconds since the epoch; false when not. */
static bool parse_time(const char *s, int64_t *out)
{
	int y;
	unsigned mo, d, h, mi, se;
	char tz[4];
	if (s == NULL ||
	    sscanf(s, "%4d-%2u-%2u %2u:%2u:%2u %3s", &y, &mo, &d, &h, &mi, &se, tz) != 7 ||
	    strcmp(tz, "UTC") != 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return false;
	*out = cs_time_from_civil(y, mo, d, h, mi, se);
	return true;
}

/* Zones (entries with auth_ns_ip_mapping), times, analysis type. */
static cs_err scan_entries(dv_ctx *x, json_t *root)
{
	const char *key;
	json_t *e;
	int64_t start = INT64_MAX, end = INT64_MIN;
	bool recursive = false;
	json_object_foreach(root, key, e)
	{
		if (strcmp(key, CS_DNSVIZ_META) == 0)
			continue;
		cs_name n;
		if (!name_of(key, &n))
			return cs_import_fail(&x->e, CS_ERDATA, "entry '%s': not a domain name",
					      key);
		if (!json_is_object(e))
			return cs_import_fail(&x->e, CS_ERDATA, "%s: not an object", key);
		const char *type = json_string_value(json_object_get(e, "type"));
		if (type && strcmp(type, "recursive") == 0)
			recursive = true;
		int64_t t;
		if (parse_time(json_string_value(json_object_get(e, "analysis_start")), &t) &&
		    t < start)
			start = t;
		if (parse_time(json_string_value(json_object_get(e, "analysis_end")), &t) &&
		    t > end)
			end = t;
		json_t *map = json_object_get(e, "auth_ns_ip_mapping");
		if (map == NULL)
			continue;
		if (!json_is_object(map))
			return cs_import_fail(&x->e, CS_ERDATA,
					      "%s: auth_ns_ip_mapping: not an object", key);
		const char *ns;
		json_t *addrs;
		json_object_foreach(map, ns, addrs)
		{
			cs_name nsn;
			if (!name_of(ns, &nsn) || !json_is_array(addrs))
				return cs_import_fail(&x->e, CS_ERDATA,
						      "%s: auth_ns_ip_mapping[%s]: not a name with "
						      "a list of addresses",
						      key, ns);
			size_t j;
			json_t *a;
			json_array_foreach(addrs, j, a)
			{
				if (!json_is_string(a))
					return cs_import_fail(
					    &x->e, CS_ERDATA,
					    "%s: auth_ns_ip_mapping[%s][%zu]: not a string", key,
					    ns, j);
				if (cs_zone_table_add(&x->zones, &n, json_string_value(a), &nsn) !=
				    CS_OK)
					return cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
			}
		}
	}
	x->c->started_s = start == INT64_MAX ? 0 : start;
	x->c->duration_us = end >= x->c->started_s ? (end - x->c->started_s) * 1000000 : 0;
	x->c->mode = cs_capture_strdup(x->c, recursive ? "recursive" : "authoritative");
	return x->c->mode ? CS_OK : cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
}

/* The version (1.x) and the name to import. */
static cs_err read_meta(dv_ctx *x, json_t *root, const cs_name *want)
{
	json_t *meta = json_object_get(root, CS_DNSVIZ_META);
	if (!json_is_object(meta))
		return cs_import_fail(&x->e, CS_ERDATA, "not a DNSViz probe: no '%s' object",
				      CS_DNSVIZ_META);
	json_t *v = json_object_get(meta, "version");
	if (!json_is_number(v))
		return cs_import_fail(&x->e, CS_ERDATA,
				      "not a DNSViz probe: %s.version is not a number",
				      CS_DNSVIZ_META);
	double ver = json_number_value(v);
	if (!(ver >= 1.0 && ver < 2.0))
		return cs_import_fail(&x->e, CS_EUNKNOWN,
				      "DNSViz probe format version %g is not supported (1.x is)",
				      ver);
	char tool[64];
	snprintf(tool, sizeof(tool), "dnsviz probe (format %g)", ver);
	x->c->tool = cs_capture_strdup(x->c, tool);
	json_t *names = json_object_get(meta, "names");
	if (!json_is_array(names) || json_array_size(names) == 0)
		return cs_import_fail(&x->e, CS_ERDATA,
				      "not a DNSViz probe: %s.names is not a list of names",
				      CS_DNSVIZ_META);
	cs_buf all;
	cs_buf_init(&all);
	bool found = false;
	size_t i;
	json_t *jn;
	json_array_foreach(names, i, jn)
	{
		cs_name n;
		if (!name_of(json_string_value(jn), &n)) {
			cs_buf_free(&all);
			return cs_import_fail(&x->e, CS_ERDATA, "%s.names[%zu]: not a domain name",
					      CS_DNSVIZ_META, i);
		}
		cs_buf_printf(&all, "%s%s", i ? ", " : "", json_string_value(jn));
		if (want && cs_name_equal(&n, want))
			found = true;
		if (want == NULL && i == 0)
			x->c->qname = n;
	}
	cs_err err = CS_OK;
	char nb[CS_NAME_TEXT_MAX];
	if (want == NULL && json_array_size(names) > 1)
		err = cs_import_fail(&x->e, CS_EINVAL,
				     "the DNSViz probe holds %zu names (%s): give NAME",
				     json_array_size(names), cs_buf_cstr(&all));
	else if (want && !found)
		err = cs_import_fail(&x->e, CS_ENOTFOUND,
				     "%s is not in this DNSViz probe (it holds: %s)",
				     cs_name_str(want, nb), cs_buf_cstr(&all));
	else if (want)
		x->c->qname = *want;
	cs_buf_free(&all);
	return err;
}

static cs_err add_notes(dv_ctx *x)
{
	static const char *const notes[] = {
	    "imported from a DNSViz probe: only the queries DNSViz sent are here; what it did "
	    "not ask (SOA, CDS, CDNSKEY, denial proofs it skipped) is not probed",
	    "query octets rebuilt from DNSViz's options (EDNS options such as cookies left "
	    "out); responses are the octets DNSViz stored (dnspython re-encodes them)",
	    "no trust anchors in a DNSViz probe: give --anchor, else the built-in root "
	    "anchors apply",
	};
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		if (cs_capture_add_string(x->c, &x->c->notes, &x->c->nnotes, notes[i]) != CS_OK)
			return cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
	return CS_OK;
}

cs_err cs_dnsviz_import(const char *text, size_t len, const cs_name *qname, uint16_t qtype,
			cs_capture **out, char *errmsg, size_t errlen)
{
	*out = NULL;
	json_error_t je;
	json_t *root = json_loadb(text, len, 0, &je);
	if (root == NULL) {
		snprintf(errmsg, errlen, "not valid JSON at line %d, column %d: %s", je.line,
			 je.column, je.text);
		return CS_ESYNTAX;
	}
	dv_ctx x = {.e = {.msg = errmsg, .len = errlen}, .qtype = qtype ? qtype : CS_TYPE_A};
	x.c = cs_capture_new();
	if (x.c == NULL)
		cs_import_fail(&x.e, CS_ENOMEM, "out of memory");
	else if (!json_is_object(root))
		cs_import_fail(&x.e, CS_ERDATA,
			       "not a DNSViz probe: the top level is not an object");
	if (x.e.err == CS_OK && read_meta(&x, root, qname) == CS_OK &&
	    scan_entries(&x, root) == CS_OK && cs_zone_table_to_capture(&x.zones, x.c) == CS_OK &&
	    add_notes(&x) == CS_OK) {
		x.c->qtype = x.qtype;
		x.c->port = 53;
		x.c->ipv4 = x.c->ipv6 = true;
		const char *key;
		json_t *e;
		json_object_foreach(root, key, e)
		{
			if (strcmp(key, CS_DNSVIZ_META) != 0 && add_queries(&x, key, e) != CS_OK)
				break;
		}
		if (x.e.err == CS_OK && x.c->tool == NULL)
			cs_import_fail(&x.e, CS_ENOMEM, "out of memory");
	}
	if (x.e.err == CS_OK && x.zones.n == CS_ZONE_TABLE_MAX)
		cs_import_fail(&x.e, CS_ELIMIT, "more than %u zone servers", CS_ZONE_TABLE_MAX);
	cs_zone_table_free(&x.zones);
	json_decref(root);
	if (x.e.err != CS_OK) {
		cs_capture_free(&x.c);
		return x.e.err;
	}
	*out = x.c;
	return CS_OK;
}
