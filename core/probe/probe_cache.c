#include "probe/probe_cache.h"

#include "dns/msg.h"
#include "dns/rrtype.h"

#include <stdlib.h>
#include <string.h>

/* The value's header: the RTT, then when the entry expires (INT64_MAX:
 * never), both int64_t; the response follows. */
#define VALUE_HDR (2 * sizeof(int64_t))

struct cs_probe_cache {
	cs_memo *memo; /* key: server, port, transport, query without its ID;
			  value: VALUE_HDR, then the response */
	unsigned max_labels;
	/* cs_probe_cache_expire: entries live for their response's TTL */
	int64_t (*now_s)(void *ctx);
	void *clock_ctx;
	uint32_t max_ttl;
};

cs_err cs_probe_cache_new(unsigned max_labels, size_t max_bytes, cs_probe_cache **out)
{
	cs_probe_cache *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CS_ENOMEM;
	cs_err err = cs_memo_new(max_bytes, &c->memo);
	if (err != CS_OK) {
		free(c);
		return err;
	}
	c->max_labels = max_labels;
	*out = c;
	return CS_OK;
}

void cs_probe_cache_free(cs_probe_cache **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	cs_memo_free(&(*pc)->memo);
	free(*pc);
	*pc = NULL;
}

bool cs_probe_cache_wants(const cs_probe_cache *c, const cs_name *zone, const cs_name *target)
{
	return c != NULL && cs_name_labels(zone) <= c->max_labels &&
	       cs_name_labels(zone) < cs_name_labels(target) && cs_name_is_below(target, zone);
}

/* The key parts: "server\0", port, transport, the query without its ID
 * (len >= 12). hdr holds the port and transport octets. */
static void make_key(const char *server, uint16_t port, cs_transport tr, const uint8_t *query,
		     size_t len, uint8_t hdr[3], cs_memo_part key[3])
{
	hdr[0] = (uint8_t)(port >> 8);
	hdr[1] = (uint8_t)port;
	hdr[2] = (uint8_t)tr;
	key[0] = (cs_memo_part){server, strlen(server) + 1};
	key[1] = (cs_memo_part){hdr, 3};
	key[2] = (cs_memo_part){query + 2, len - 2};
}

bool cs_probe_cache_get(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, cs_buf *resp, int64_t *rtt_us)
{
	if (len < 12)
		return false;
	uint8_t hdr[3];
	cs_memo_part key[3];
	make_key(server, port, tr, query, len, hdr, key);
	cs_buf v;
	cs_buf_init(&v);
	bool hit = cs_memo_get(c->memo, key, 3, &v) && v.len >= VALUE_HDR;
	if (hit) {
		memcpy(rtt_us, v.data, sizeof(*rtt_us));
		cs_buf_put(resp, v.data + VALUE_HDR, v.len - VALUE_HDR);
		hit = resp->err == CS_OK;
	}
	cs_buf_free(&v);
	return hit;
}

/* How long a response may be kept: the smallest TTL of its records (and,
 * for an SOA, of its MINIMUM field: the negative TTL, RFC 2308 §5), at
 * most max_ttl; 0 (do not keep) when it does not parse or has no record. */
static uint32_t response_ttl(const uint8_t *resp, size_t len, uint32_t max_ttl)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	uint32_t ttl = 0;
	if (cs_msg_parse(resp, len, &a, &m, NULL) == CS_OK) {
		bool any = false;
		ttl = max_ttl;
		for (size_t s = 0; s < CS_SEC_COUNT; s++)
			for (size_t i = 0; i < m.counts[s]; i++) {
				const cs_rr *rr = &m.sections[s][i];
				if (rr->type == CS_TYPE_OPT)
					continue;
				any = true;
				if (rr->ttl < ttl)
					ttl = rr->ttl;
				if (rr->type == CS_TYPE_SOA && rr->rdata_err == CS_OK &&
				    rr->rdlen >= 4) {
					const uint8_t *p = rr->rdata + rr->rdlen - 4;
					uint32_t min = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
						       (uint32_t)p[2] << 8 | p[3];
					if (min < ttl)
						ttl = min;
				}
			}
		if (!any)
			ttl = 0;
	}
	cs_arena_clear(&a);
	return ttl;
}

/* The memo's staleness test: the entry's expiry has passed. */
static bool expired(const uint8_t *value, size_t len, void *ctx)
{
	const cs_probe_cache *c = ctx;
	int64_t expires;
	if (len < VALUE_HDR)
		return true;
	memcpy(&expires, value + sizeof(int64_t), sizeof(expires));
	return c->now_s(c->clock_ctx) >= expires;
}

void cs_probe_cache_expire(cs_probe_cache *c, int64_t (*now_s)(void *ctx), void *ctx,
			   uint32_t max_ttl)
{
	c->now_s = now_s;
	c->clock_ctx = ctx;
	c->max_ttl = max_ttl;
	cs_memo_set_stale(c->memo, expired, c);
}

void cs_probe_cache_put(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, const uint8_t *resp, size_t resp_len,
			int64_t rtt_us)
{
	if (len < 12)
		return;
	uint8_t hdr[3];
	cs_memo_part key[3];
	make_key(server, port, tr, query, len, hdr, key);
	int64_t expires = INT64_MAX;
	if (c->now_s != NULL) {
		uint32_t ttl = response_ttl(resp, resp_len, c->max_ttl);
		if (ttl == 0)
			return;
		expires = c->now_s(c->clock_ctx) + ttl;
	}
	uint8_t *v = malloc(VALUE_HDR + resp_len);
	if (v == NULL)
		return;
	memcpy(v, &rtt_us, sizeof(rtt_us));
	memcpy(v + sizeof(rtt_us), &expires, sizeof(expires));
	if (resp_len > 0)
		memcpy(v + VALUE_HDR, resp, resp_len);
	cs_memo_put(c->memo, key, 3, v, VALUE_HDR + resp_len);
	free(v);
}

void cs_probe_cache_get_stats(cs_probe_cache *c, cs_probe_cache_stats *out)
{
	cs_memo_get_stats(c->memo, out);
}
