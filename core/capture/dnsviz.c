/*
 * dnsviz.c - importing DNSViz probe files into captures. The export is in
 * dnsviz_export.c.
 */
#include "capture/dnsviz.h"

#include "capture/infer.h"

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

#define MAX_ZONES 4096

/* A zone of the file: its apex and the addresses of its servers. */
typedef struct {
	cs_name name;
	json_t *mapping; /* auth_ns_ip_mapping: NS name -> [addresses] */
} dv_zone;

typedef struct {
	cs_capture *c;
	dv_zone *zones;
	size_t nzones;
	uint16_t qtype;
	bool rebuilt_note, formerr_note;
	char *errmsg;
	size_t errlen;
	cs_err err;
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

__attribute__((format(printf, 3, 4))) static cs_err fail(dv_ctx *x, cs_err err, const char *fmt,
							 ...)
{
	if (x->err != CS_OK)
		return x->err;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->errmsg, x->errlen, fmt, ap);
	va_end(ap);
	x->err = err;
	return err;
}

static bool name_of(const char *s, cs_name *out)
{
	return s && cs_name_from_text(s, strlen(s), NULL, out) == CS_OK;
}

/* Is addr one of zone's server addresses? */
static bool zone_has_server(const dv_zone *z, const char *addr)
{
	const char *ns;
	json_t *addrs;
	json_object_foreach(z->mapping, ns, addrs)
	{
		size_t i;
		json_t *a;
		json_array_foreach(addrs, i,
				   a) if (json_is_string(a) &&
					  strcmp(json_string_value(a), addr) == 0) return true;
	}
	return false;
}

/* The zone a server was asked as an authority for: the deepest zone at or
 * above qname that lists the server; else the deepest zone at or above
 * qname; else the root. */
static void zone_for(const dv_ctx *x, const cs_name *qname, const char *server, cs_name *out)
{
	const dv_zone *best = NULL, *any = NULL;
	for (size_t i = 0; i < x->nzones; i++) {
		const dv_zone *z = &x->zones[i];
		if (!cs_name_equal(&z->name, qname) && !cs_name_is_below(qname, &z->name))
			continue;
		if (any == NULL || cs_name_labels(&z->name) > cs_name_labels(&any->name))
			any = z;
		if (zone_has_server(z, server) &&
		    (best == NULL || cs_name_labels(&z->name) > cs_name_labels(&best->name)))
			best = z;
	}
	if (best == NULL)
		best = any;
	if (best)
		*out = best->name;
	else
		cs_name_root(out);
}

static bool is_zone(const dv_ctx *x, const cs_name *n)
{
	for (size_t i = 0; i < x->nzones; i++)
		if (cs_name_equal(&x->zones[i].name, n))
			return true;
	return false;
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
	return cs_infer_purpose(zone, qname, qtype, edns, is_zone(x, qname));
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
		return fail(x, CS_ERDATA, "%s: responses[%s]: not an object", where, server);
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
	zone_for(x, qname, server, &q.zone);
	q.purpose = purpose_of(x, entry, &q.zone, qname, qtype, o.edns);
	cs_buf wire, query;
	cs_buf_init(&wire);
	cs_buf_init(&query);
	cs_err err = CS_OK;
	uint16_t id = 0;
	if (json_is_string(msg)) {
		const char *b64 = json_string_value(msg);
		if (cs_b64_decode(&wire, b64, strlen(b64)) != CS_OK) {
			err = fail(x, CS_ERDATA, "%s: responses[%s]: message: not valid base64",
				   where, server);
			goto out;
		}
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		size_t off = 0;
		cs_err pe = cs_msg_parse(wire.data, wire.len, &a, &m, &off);
		cs_arena_clear(&a);
		if (pe != CS_OK) {
			err = fail(x, CS_ERDATA,
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
			err = fail(x, CS_ERDATA, "%s: responses[%s]: no message and no error",
				   where, server);
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
				err = fail(x, CS_ENOMEM, "out of memory");
				goto out;
			}
		}
	} else {
		err = fail(x, CS_ERDATA, "%s: responses[%s]: message: not a string or null", where,
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
		err = fail(x, CS_ENOMEM, "out of memory");
		goto out;
	}
	q.query = query.data;
	q.query_len = query.len;
	if (cs_capture_add_query(x->c, &q) == NULL)
		err = fail(x, CS_ENOMEM, "out of memory");
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
		return fail(x, CS_ERDATA, "%s: queries: not an array", ename);
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
			return fail(x, CS_ERDATA, "%s: qname: not a domain name", where);
		if (tn == NULL || cs_rrtype_from_text(tn, strlen(tn), &qtype) != CS_OK)
			return fail(x, CS_ERDATA, "%s: qtype: not a record type", where);
		if (cl == NULL || strcmp(cl, "IN") != 0)
			return fail(x, CS_ERDATA, "%s: qclass: only IN is supported", where);
		if (!read_options(json_object_get(jq, "options"), &o))
			return fail(x, CS_ERDATA, "%s: options: missing or malformed", where);
		if (!json_is_object(resp))
			return fail(x, CS_ERDATA, "%s: responses: not an object", where);
		const char *server;
		json_t *clients;
		json_object_foreach(resp, server, clients)
		{
			if (!json_is_object(clients))
				return fail(x, CS_ERDATA, "%s: responses[%s]: not an object", where,
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
			return fail(x, CS_ERDATA, "entry '%s': not a domain name", key);
		if (!json_is_object(e))
			return fail(x, CS_ERDATA, "%s: not an object", key);
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
			return fail(x, CS_ERDATA, "%s: auth_ns_ip_mapping: not an object", key);
		if (x->nzones == MAX_ZONES)
			return fail(x, CS_ERDATA, "more than %d zones", MAX_ZONES);
		x->zones[x->nzones++] = (dv_zone){.name = n, .mapping = map};
	}
	x->c->started_s = start == INT64_MAX ? 0 : start;
	x->c->duration_us = end >= x->c->started_s ? (end - x->c->started_s) * 1000000 : 0;
	x->c->mode = cs_capture_strdup(x->c, recursive ? "recursive" : "authoritative");
	return x->c->mode ? CS_OK : fail(x, CS_ENOMEM, "out of memory");
}

/* The capture's zone list, from the file's zones. */
static cs_err add_zones(dv_ctx *x, json_t *root)
{
	for (size_t i = 0; i < x->nzones; i++) {
		const dv_zone *z = &x->zones[i];
		char nb[CS_NAME_TEXT_MAX];
		json_t *e = json_object_get(root, cs_name_str(&z->name, nb));
		cs_capture_zone cz = {.name = z->name};
		if (!name_of(json_string_value(json_object_get(e, "parent")), &cz.parent))
			cs_name_parent(&z->name, &cz.parent);
		size_t n = json_object_size(z->mapping), k = 0;
		cs_capture_server *sv = calloc(n ? n : 1, sizeof(*sv));
		if (sv == NULL)
			return fail(x, CS_ENOMEM, "out of memory");
		const char *ns;
		json_t *addrs;
		cs_err err = CS_OK;
		json_object_foreach(z->mapping, ns, addrs)
		{
			if (!json_is_array(addrs)) {
				err = fail(x, CS_ERDATA, "%s: auth_ns_ip_mapping[%s]: not an array",
					   nb, ns);
				break;
			}
			size_t na = json_array_size(addrs);
			char **av = cs_arena_alloc(&x->c->arena, (na ? na : 1) * sizeof(char *));
			if (av == NULL) {
				err = fail(x, CS_ENOMEM, "out of memory");
				break;
			}
			for (size_t j = 0; j < na; j++) {
				const char *a = json_string_value(json_array_get(addrs, j));
				if (a == NULL) {
					err = fail(x, CS_ERDATA,
						   "%s: auth_ns_ip_mapping[%s][%zu]: not a string",
						   nb, ns, j);
					break;
				}
				av[j] = (char *)a;
			}
			if (err != CS_OK)
				break;
			sv[k++] = (cs_capture_server){
			    .ns_name = (char *)ns, .addresses = av, .naddresses = na};
		}
		cz.servers = sv;
		cz.nservers = k;
		if (err == CS_OK && cs_capture_add_zone(x->c, &cz) != CS_OK)
			err = fail(x, CS_ENOMEM, "out of memory");
		free(sv);
		if (err != CS_OK)
			return err;
	}
	return CS_OK;
}

/* The version (1.x) and the name to import. */
static cs_err read_meta(dv_ctx *x, json_t *root, const cs_name *want)
{
	json_t *meta = json_object_get(root, CS_DNSVIZ_META);
	if (!json_is_object(meta))
		return fail(x, CS_ERDATA, "not a DNSViz probe: no '%s' object", CS_DNSVIZ_META);
	json_t *v = json_object_get(meta, "version");
	if (!json_is_number(v))
		return fail(x, CS_ERDATA, "not a DNSViz probe: %s.version is not a number",
			    CS_DNSVIZ_META);
	double ver = json_number_value(v);
	if (!(ver >= 1.0 && ver < 2.0))
		return fail(x, CS_EUNKNOWN,
			    "DNSViz probe format version %g is not supported (1.x is)", ver);
	char tool[64];
	snprintf(tool, sizeof(tool), "dnsviz probe (format %g)", ver);
	x->c->tool = cs_capture_strdup(x->c, tool);
	json_t *names = json_object_get(meta, "names");
	if (!json_is_array(names) || json_array_size(names) == 0)
		return fail(x, CS_ERDATA, "not a DNSViz probe: %s.names is not a list of names",
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
			return fail(x, CS_ERDATA, "%s.names[%zu]: not a domain name",
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
		err = fail(x, CS_EINVAL, "the DNSViz probe holds %zu names (%s): give NAME",
			   json_array_size(names), cs_buf_cstr(&all));
	else if (want && !found)
		err = fail(x, CS_ENOTFOUND, "%s is not in this DNSViz probe (it holds: %s)",
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
			return fail(x, CS_ENOMEM, "out of memory");
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
	dv_ctx x = {.errmsg = errmsg, .errlen = errlen, .qtype = qtype ? qtype : CS_TYPE_A};
	x.c = cs_capture_new();
	x.zones = calloc(MAX_ZONES, sizeof(*x.zones));
	if (x.c == NULL || x.zones == NULL)
		fail(&x, CS_ENOMEM, "out of memory");
	else if (!json_is_object(root))
		fail(&x, CS_ERDATA, "not a DNSViz probe: the top level is not an object");
	if (x.err == CS_OK && read_meta(&x, root, qname) == CS_OK &&
	    scan_entries(&x, root) == CS_OK && add_zones(&x, root) == CS_OK &&
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
		if (x.err == CS_OK && x.c->tool == NULL)
			fail(&x, CS_ENOMEM, "out of memory");
	}
	free(x.zones);
	json_decref(root);
	if (x.err != CS_OK) {
		cs_capture_free(&x.c);
		return x.err;
	}
	*out = x.c;
	return CS_OK;
}
