#include "capture/capture.h"

#include "base/buf.h"
#include "base/codec.h"
#include "base/fileio.h"
#include "dns/rdata.h"
#include "text/dnstime.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cs_capture *cs_capture_new(void)
{
	cs_capture *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	cs_arena_init(&c->arena);
	cs_name_root(&c->qname);
	return c;
}

void cs_capture_free(cs_capture **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	cs_capture *c = *pc;
	for (size_t i = 0; i < c->nqueries; i++) {
		free(c->queries[i].query);
		free(c->queries[i].response);
	}
	free(c->queries);
	free(c->hints);
	free(c->anchors);
	free(c->notes);
	free(c->zones);
	cs_arena_clear(&c->arena);
	free(c);
	*pc = NULL;
}

char *cs_capture_strdup(cs_capture *c, const char *s)
{
	return s ? cs_arena_strdup(&c->arena, s) : NULL;
}

cs_capture_query *cs_capture_add_query(cs_capture *c, const cs_capture_query *q)
{
	if (c->nqueries == c->cap_queries) {
		size_t cap = c->cap_queries ? c->cap_queries * 2 : 64;
		cs_capture_query *v = realloc(c->queries, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		c->queries = v;
		c->cap_queries = cap;
	}
	cs_capture_query *s = &c->queries[c->nqueries];
	*s = *q;
	s->server = cs_capture_strdup(c, q->server ? q->server : "");
	s->query = NULL;
	s->response = NULL;
	s->query_len = s->response_len = 0;
	if (s->server == NULL)
		return NULL;
	if (q->query_len > 0) {
		s->query = malloc(q->query_len);
		if (s->query == NULL)
			return NULL;
		memcpy(s->query, q->query, q->query_len);
		s->query_len = q->query_len;
	}
	if (q->response != NULL && cs_capture_set_response(c, s, q->response, q->response_len)) {
		free(s->query);
		return NULL;
	}
	c->nqueries++;
	s->id = (unsigned)c->nqueries;
	return s;
}

/* Replace *dst (*dst_len octets) with a copy of src. */
static cs_err set_octets(uint8_t **dst, size_t *dst_len, const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	if (p == NULL)
		return CS_ENOMEM;
	if (len)
		memcpy(p, src, len);
	free(*dst);
	*dst = p;
	*dst_len = len;
	return CS_OK;
}

cs_err cs_capture_set_response(cs_capture *c, cs_capture_query *q, const uint8_t *resp, size_t len)
{
	(void)c;
	return set_octets(&q->response, &q->response_len, resp, len);
}

cs_err cs_capture_set_query(cs_capture *c, cs_capture_query *q, const uint8_t *query, size_t len)
{
	(void)c;
	return set_octets(&q->query, &q->query_len, query, len);
}

cs_err cs_capture_add_string(cs_capture *c, char ***list, size_t *n, const char *s)
{
	char **v = realloc(*list, (*n + 1) * sizeof(*v));
	if (v == NULL)
		return CS_ENOMEM;
	*list = v;
	v[*n] = cs_capture_strdup(c, s);
	if (v[*n] == NULL)
		return CS_ENOMEM;
	(*n)++;
	return CS_OK;
}

cs_err cs_capture_add_zone(cs_capture *c, const cs_capture_zone *z)
{
	cs_capture_zone *v = realloc(c->zones, (c->nzones + 1) * sizeof(*v));
	if (v == NULL)
		return CS_ENOMEM;
	c->zones = v;
	cs_capture_zone *d = &v[c->nzones];
	d->name = z->name;
	d->parent = z->parent;
	d->nservers = 0;
	d->servers =
	    cs_arena_alloc(&c->arena, (z->nservers ? z->nservers : 1) * sizeof(*d->servers));
	if (d->servers == NULL)
		return CS_ENOMEM;
	for (size_t i = 0; i < z->nservers; i++) {
		cs_capture_server *s = &d->servers[i];
		s->ns_name = cs_capture_strdup(c, z->servers[i].ns_name);
		s->naddresses = z->servers[i].naddresses;
		s->addresses =
		    cs_arena_alloc(&c->arena, (s->naddresses ? s->naddresses : 1) * sizeof(char *));
		if (s->ns_name == NULL || s->addresses == NULL)
			return CS_ENOMEM;
		for (size_t k = 0; k < s->naddresses; k++)
			if ((s->addresses[k] = cs_capture_strdup(c, z->servers[i].addresses[k])) ==
			    NULL)
				return CS_ENOMEM;
		d->nservers++;
	}
	c->nzones++;
	return CS_OK;
}

/* ---- JSON writing ---- */

static json_t *name_json(const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	return json_string(cs_name_str(n, b));
}

static json_t *type_json(uint16_t t)
{
	char b[16];
	return json_string(cs_rrtype_str(t, b));
}

static json_t *b64_json(const uint8_t *p, size_t n)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_b64_encode(&b, p, n);
	json_t *j = json_string(cs_buf_cstr(&b));
	cs_buf_free(&b);
	return j;
}

static json_t *strings_json(char **v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *query_json(const cs_capture_query *q)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(q->id));
	json_object_set_new(o, "server", json_string(q->server));
	json_object_set_new(o, "port", json_integer(q->port));
	json_object_set_new(o, "transport", json_string(cs_transport_str(q->transport)));
	json_object_set_new(o, "zone", name_json(&q->zone));
	json_object_set_new(o, "qname", name_json(&q->qname));
	json_object_set_new(o, "qtype", type_json(q->qtype));
	json_object_set_new(o, "rd", json_boolean(q->rd));
	json_object_set_new(o, "cd", json_boolean(q->cd));
	json_object_set_new(o, "do", json_boolean(q->do_bit));
	json_object_set_new(o, "edns_size", json_integer(q->edns_size));
	json_object_set_new(o, "purpose", json_string(cs_qpurpose_str(q->purpose)));
	json_object_set_new(o, "sent_us", json_integer(q->sent_us));
	json_object_set_new(o, "rtt_us", json_integer(q->rtt_us));
	json_object_set_new(o, "result", json_string(cs_qresult_str(q->result)));
	if (q->cached) /* only when set: captures without it stay byte-identical */
		json_object_set_new(o, "cached", json_true());
	json_object_set_new(o, "query", b64_json(q->query, q->query_len));
	json_object_set_new(o, "response",
			    q->response ? b64_json(q->response, q->response_len) : json_null());
	return o;
}

static json_t *capture_json(const cs_capture *c)
{
	char iso[24];
	json_t *o = json_object();
	json_object_set_new(o, "format", json_string(CS_CAPTURE_FORMAT));
	json_object_set_new(o, "version", json_integer(CS_CAPTURE_VERSION));
	json_object_set_new(o, "tool", json_string(c->tool ? c->tool : ""));
	json_object_set_new(o, "started", json_string(cs_time_format_iso(c->started_s, iso)));
	json_object_set_new(o, "started_s", json_integer(c->started_s));
	json_object_set_new(o, "started_us", json_integer(c->started_us));
	json_object_set_new(o, "duration_us", json_integer(c->duration_us));
	json_t *q = json_object();
	json_object_set_new(q, "name", name_json(&c->qname));
	json_object_set_new(q, "type", type_json(c->qtype));
	json_object_set_new(o, "query", q);
	json_t *opt = json_object();
	json_object_set_new(opt, "mode", json_string(c->mode ? c->mode : "authoritative"));
	json_object_set_new(opt, "resolver", c->resolver ? json_string(c->resolver) : json_null());
	json_object_set_new(opt, "port", json_integer(c->port));
	json_object_set_new(opt, "timeout_ms", json_integer(c->timeout_ms));
	json_object_set_new(opt, "retries", json_integer(c->retries));
	json_object_set_new(opt, "edns_size", json_integer(c->edns_size));
	json_object_set_new(opt, "ipv4", json_boolean(c->ipv4));
	json_object_set_new(opt, "ipv6", json_boolean(c->ipv6));
	json_object_set_new(o, "options", opt);
	json_object_set_new(o, "hints", strings_json(c->hints, c->nhints));
	json_object_set_new(o, "anchors", strings_json(c->anchors, c->nanchors));
	json_object_set_new(o, "notes", strings_json(c->notes, c->nnotes));
	json_t *zones = json_array();
	for (size_t i = 0; i < c->nzones; i++) {
		const cs_capture_zone *z = &c->zones[i];
		json_t *zo = json_object();
		json_object_set_new(zo, "name", name_json(&z->name));
		json_object_set_new(zo, "parent", name_json(&z->parent));
		json_t *servers = json_array();
		for (size_t k = 0; k < z->nservers; k++) {
			json_t *so = json_object();
			json_object_set_new(so, "name", json_string(z->servers[k].ns_name));
			json_object_set_new(
			    so, "addresses",
			    strings_json(z->servers[k].addresses, z->servers[k].naddresses));
			json_array_append_new(servers, so);
		}
		json_object_set_new(zo, "servers", servers);
		json_array_append_new(zones, zo);
	}
	json_object_set_new(o, "zones", zones);
	json_t *queries = json_array();
	for (size_t i = 0; i < c->nqueries; i++)
		json_array_append_new(queries, query_json(&c->queries[i]));
	json_object_set_new(o, "queries", queries);
	return o;
}

char *cs_capture_to_json(const cs_capture *c)
{
	json_t *j = capture_json(c);
	if (j == NULL)
		return NULL;
	char *s = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(j);
	return s;
}

cs_err cs_capture_save(const cs_capture *c, const char *path, char *errmsg, size_t errlen)
{
	char *s = cs_capture_to_json(c);
	size_t len = s ? strlen(s) : 0;
	char *t = s ? realloc(s, len + 2) : NULL;
	if (t == NULL) {
		free(s);
		snprintf(errmsg, errlen, "out of memory");
		return CS_ENOMEM;
	}
	t[len] = '\n';
	cs_err err = cs_write_file(path, t, len + 1, errmsg, errlen);
	free(t);
	return err;
}

/* ---- JSON reading ---- */

typedef struct {
	cs_capture *c;
	char *errmsg;
	size_t errlen;
	char where[96];
} loader;

static cs_err bad(loader *l, const char *field, const char *what)
{
	snprintf(l->errmsg, l->errlen, "not a valid capture: %s%s: %s", l->where, field, what);
	return CS_ERDATA;
}

static cs_err get_int(loader *l, json_t *o, const char *k, int64_t lo, int64_t hi, int64_t *out)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		return bad(l, k, "missing or not an integer");
	json_int_t x = json_integer_value(v);
	if (x < lo || x > hi)
		return bad(l, k, "out of range");
	*out = x;
	return CS_OK;
}

static cs_err get_bool(loader *l, json_t *o, const char *k, bool *out)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_boolean(v))
		return bad(l, k, "missing or not a boolean");
	*out = json_is_true(v);
	return CS_OK;
}

static cs_err get_str(loader *l, json_t *o, const char *k, bool nullable, char **out)
{
	json_t *v = json_object_get(o, k);
	if (nullable && json_is_null(v)) {
		*out = NULL;
		return CS_OK;
	}
	if (!json_is_string(v))
		return bad(l, k, "missing or not a string");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return bad(l, k, "contains a NUL character");
	*out = cs_capture_strdup(l->c, json_string_value(v));
	return *out ? CS_OK : CS_ENOMEM;
}

static cs_err get_name(loader *l, json_t *o, const char *k, cs_name *out)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_string(v))
		return bad(l, k, "missing or not a string");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n || n == 0 || s[n - 1] != '.' ||
	    cs_name_from_text(s, n, NULL, out) != CS_OK)
		return bad(l, k, "not an absolute domain name");
	return CS_OK;
}

static cs_err get_type(loader *l, json_t *o, const char *k, uint16_t *out)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_string(v) ||
	    cs_rrtype_from_text(json_string_value(v), json_string_length(v), out) != CS_OK)
		return bad(l, k, "missing or not an RR type");
	return CS_OK;
}

static const char *purpose_name(unsigned i)
{
	return cs_qpurpose_str((cs_qpurpose)i);
}

static const char *transport_name(unsigned i)
{
	return cs_transport_str((cs_transport)i);
}

static const char *result_name(unsigned i)
{
	return cs_qresult_str((cs_qresult)i);
}

static cs_err get_enum(loader *l, json_t *o, const char *k, const char *(*name_of)(unsigned),
		       unsigned count, unsigned *out)
{
	json_t *v = json_object_get(o, k);
	if (json_is_string(v))
		for (unsigned i = 0; i < count; i++)
			if (strcmp(name_of(i), json_string_value(v)) == 0) {
				*out = i;
				return CS_OK;
			}
	return bad(l, k, "missing or not one of the known values");
}

static cs_err get_b64(loader *l, json_t *o, const char *k, bool nullable, uint8_t **out,
		      size_t *len)
{
	json_t *v = json_object_get(o, k);
	*out = NULL;
	*len = 0;
	if (nullable && json_is_null(v))
		return CS_OK;
	if (!json_is_string(v))
		return bad(l, k, "missing or not a string");
	cs_buf b;
	cs_buf_init(&b);
	if (cs_b64_decode(&b, json_string_value(v), json_string_length(v)) != CS_OK) {
		cs_buf_free(&b);
		return bad(l, k, "not valid base64");
	}
	if (b.len > 65535) {
		cs_buf_free(&b);
		return bad(l, k, "longer than a DNS message");
	}
	*out = b.data ? b.data : malloc(1);
	*len = b.len;
	return *out ? CS_OK : CS_ENOMEM;
}

static cs_err get_strings(loader *l, json_t *o, const char *k, char ***v, size_t *n)
{
	json_t *a = json_object_get(o, k);
	if (!json_is_array(a))
		return bad(l, k, "missing or not an array");
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e)
	{
		if (!json_is_string(e) || strlen(json_string_value(e)) != json_string_length(e))
			return bad(l, k, "element is not a string");
		if (cs_capture_add_string(l->c, v, n, json_string_value(e)) != CS_OK)
			return CS_ENOMEM;
	}
	return CS_OK;
}

#define TRY(x)                                                                                     \
	do {                                                                                       \
		cs_err e_ = (x);                                                                   \
		if (e_ != CS_OK)                                                                   \
			return e_;                                                                 \
	} while (0)

static cs_err load_query(loader *l, json_t *o, cs_capture_query *q)
{
	int64_t v;
	unsigned e;
	if (!json_is_object(o))
		return bad(l, "", "not an object");
	TRY(get_str(l, o, "server", false, &q->server));
	TRY(get_int(l, o, "port", 0, 65535, &v));
	q->port = (uint16_t)v;
	TRY(get_enum(l, o, "transport", transport_name, 2, &e));
	q->transport = (cs_transport)e;
	TRY(get_name(l, o, "zone", &q->zone));
	TRY(get_name(l, o, "qname", &q->qname));
	TRY(get_type(l, o, "qtype", &q->qtype));
	TRY(get_bool(l, o, "rd", &q->rd));
	TRY(get_bool(l, o, "cd", &q->cd));
	TRY(get_bool(l, o, "do", &q->do_bit));
	TRY(get_int(l, o, "edns_size", 0, 65535, &v));
	q->edns_size = (uint16_t)v;
	TRY(get_enum(l, o, "purpose", purpose_name, CS_QPURPOSE_COUNT, &e));
	q->purpose = (cs_qpurpose)e;
	TRY(get_int(l, o, "sent_us", 0, INT64_MAX, &q->sent_us));
	TRY(get_int(l, o, "rtt_us", -1, INT64_MAX, &q->rtt_us));
	TRY(get_enum(l, o, "result", result_name, CS_QRESULT_COUNT, &e));
	q->result = (cs_qresult)e;
	json_t *cached = json_object_get(o, "cached");
	if (cached != NULL && !json_is_boolean(cached))
		return bad(l, "cached", "not a boolean");
	q->cached = json_is_true(cached);
	TRY(get_b64(l, o, "query", false, &q->query, &q->query_len));
	cs_err err = get_b64(l, o, "response", true, &q->response, &q->response_len);
	if (err != CS_OK) {
		free(q->query);
		q->query = NULL;
		return err;
	}
	if ((q->result == CS_QRESULT_ANSWER) != (q->response != NULL)) {
		free(q->query);
		free(q->response);
		q->query = q->response = NULL;
		return bad(l, "response", "present exactly when result is \"answer\"");
	}
	return CS_OK;
}

static cs_err load_zone(loader *l, json_t *o)
{
	cs_capture_zone z;
	memset(&z, 0, sizeof(z));
	if (!json_is_object(o))
		return bad(l, "", "not an object");
	TRY(get_name(l, o, "name", &z.name));
	TRY(get_name(l, o, "parent", &z.parent));
	json_t *servers = json_object_get(o, "servers");
	if (!json_is_array(servers))
		return bad(l, "servers", "missing or not an array");
	size_t n = json_array_size(servers);
	z.servers = cs_arena_alloc(&l->c->arena, (n ? n : 1) * sizeof(*z.servers));
	if (z.servers == NULL)
		return CS_ENOMEM;
	cs_err err = CS_OK;
	for (size_t i = 0; i < n && err == CS_OK; i++) {
		json_t *so = json_array_get(servers, i);
		cs_capture_server *sv = &z.servers[i];
		if (!json_is_object(so))
			err = bad(l, "servers", "element is not an object");
		if (err == CS_OK)
			err = get_str(l, so, "name", false, &sv->ns_name);
		if (err == CS_OK)
			err = get_strings(l, so, "addresses", &sv->addresses, &sv->naddresses);
	}
	z.nservers = n;
	if (err == CS_OK)
		err = cs_capture_add_zone(l->c, &z);
	/* The address arrays were copied (or not needed): free every one. */
	for (size_t i = 0; i < n; i++)
		free(z.servers[i].addresses);
	return err;
}

static cs_err load_root(loader *l, json_t *root)
{
	cs_capture *c = l->c;
	int64_t v;
	if (!json_is_object(root))
		return bad(l, "", "top level is not an object");
	json_t *fmt = json_object_get(root, "format");
	if (!json_is_string(fmt) || strcmp(json_string_value(fmt), CS_CAPTURE_FORMAT) != 0)
		return bad(l, "format",
			   "not \"" CS_CAPTURE_FORMAT "\" (is this a chainscope capture?)");
	TRY(get_int(l, root, "version", 0, INT32_MAX, &v));
	if (v != CS_CAPTURE_VERSION) {
		snprintf(l->errmsg, l->errlen,
			 "capture format version %lld is not supported (this chainscope reads "
			 "version %d)",
			 (long long)v, CS_CAPTURE_VERSION);
		return CS_ERDATA;
	}
	TRY(get_str(l, root, "tool", false, &c->tool));
	TRY(get_int(l, root, "started_s", INT64_MIN / 2, INT64_MAX / 2, &c->started_s));
	TRY(get_int(l, root, "started_us", 0, 999999, &c->started_us));
	TRY(get_int(l, root, "duration_us", 0, INT64_MAX, &c->duration_us));
	json_t *q = json_object_get(root, "query");
	if (!json_is_object(q))
		return bad(l, "query", "missing or not an object");
	snprintf(l->where, sizeof(l->where), "query.");
	TRY(get_name(l, q, "name", &c->qname));
	TRY(get_type(l, q, "type", &c->qtype));
	json_t *opt = json_object_get(root, "options");
	snprintf(l->where, sizeof(l->where), "options.");
	if (!json_is_object(opt))
		return bad(l, "", "missing or not an object");
	TRY(get_str(l, opt, "mode", false, &c->mode));
	TRY(get_str(l, opt, "resolver", true, &c->resolver));
	TRY(get_int(l, opt, "port", 0, 65535, &v));
	c->port = (uint16_t)v;
	TRY(get_int(l, opt, "timeout_ms", 0, UINT32_MAX, &v));
	c->timeout_ms = (unsigned)v;
	TRY(get_int(l, opt, "retries", 0, 1000, &v));
	c->retries = (unsigned)v;
	TRY(get_int(l, opt, "edns_size", 0, 65535, &v));
	c->edns_size = (uint16_t)v;
	TRY(get_bool(l, opt, "ipv4", &c->ipv4));
	TRY(get_bool(l, opt, "ipv6", &c->ipv6));
	l->where[0] = 0;
	TRY(get_strings(l, root, "hints", &c->hints, &c->nhints));
	TRY(get_strings(l, root, "anchors", &c->anchors, &c->nanchors));
	TRY(get_strings(l, root, "notes", &c->notes, &c->nnotes));
	json_t *zones = json_object_get(root, "zones");
	if (!json_is_array(zones))
		return bad(l, "zones", "missing or not an array");
	for (size_t i = 0; i < json_array_size(zones); i++) {
		snprintf(l->where, sizeof(l->where), "zones[%zu].", i);
		TRY(load_zone(l, json_array_get(zones, i)));
	}
	l->where[0] = 0;
	json_t *queries = json_object_get(root, "queries");
	if (!json_is_array(queries))
		return bad(l, "queries", "missing or not an array");
	for (size_t i = 0; i < json_array_size(queries); i++) {
		snprintf(l->where, sizeof(l->where), "queries[%zu].", i);
		cs_capture_query qq;
		memset(&qq, 0, sizeof(qq));
		TRY(load_query(l, json_array_get(queries, i), &qq));
		cs_capture_query *stored = cs_capture_add_query(c, &qq);
		free(qq.query);
		free(qq.response);
		if (stored == NULL)
			return CS_ENOMEM;
		int64_t id;
		if (get_int(l, json_array_get(queries, i), "id", 1, INT32_MAX, &id) != CS_OK ||
		    (size_t)id != i + 1)
			return bad(l, "id", "query ids must count 1, 2, 3... in order");
	}
	return CS_OK;
}

cs_err cs_capture_from_json(const char *text, size_t len, cs_capture **out, char *errmsg,
			    size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(errmsg, errlen, "not valid JSON at line %d, column %d: %s", je.line,
			 je.column, je.text);
		return CS_ESYNTAX;
	}
	loader l = {.c = cs_capture_new(), .errmsg = errmsg, .errlen = errlen};
	if (l.c == NULL) {
		json_decref(root);
		snprintf(errmsg, errlen, "out of memory");
		return CS_ENOMEM;
	}
	l.where[0] = 0;
	cs_err err = load_root(&l, root);
	json_decref(root);
	if (err != CS_OK) {
		if (err == CS_ENOMEM)
			snprintf(errmsg, errlen, "out of memory");
		cs_capture_free(&l.c);
		return err;
	}
	*out = l.c;
	return CS_OK;
}

#define MAX_CAPTURE_BYTES (512u << 20)

cs_err cs_capture_load(const char *path, cs_capture **out, char *errmsg, size_t errlen)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_err err = cs_read_file(path, MAX_CAPTURE_BYTES, &b, errmsg, errlen);
	if (err == CS_ELIMIT) {
		snprintf(errmsg, errlen, "larger than %u MiB: not a capture",
			 MAX_CAPTURE_BYTES >> 20);
		err = CS_ERDATA;
	}
	if (err == CS_OK)
		err = cs_capture_from_json(b.data ? (const char *)b.data : "", b.len, out, errmsg,
					   errlen);
	cs_buf_free(&b);
	return err;
}
