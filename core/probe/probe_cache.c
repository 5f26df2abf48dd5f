#include "probe/probe_cache.h"

#include <stdlib.h>
#include <string.h>

struct cs_probe_cache {
	cs_memo *memo; /* key: server, port, transport, query without its ID;
			  value: the RTT (int64_t), then the response */
	unsigned max_labels;
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
	bool hit = cs_memo_get(c->memo, key, 3, &v) && v.len >= sizeof(*rtt_us);
	if (hit) {
		memcpy(rtt_us, v.data, sizeof(*rtt_us));
		cs_buf_put(resp, v.data + sizeof(*rtt_us), v.len - sizeof(*rtt_us));
		hit = resp->err == CS_OK;
	}
	cs_buf_free(&v);
	return hit;
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
	uint8_t *v = malloc(sizeof(rtt_us) + resp_len);
	if (v == NULL)
		return;
	memcpy(v, &rtt_us, sizeof(rtt_us));
	if (resp_len > 0)
		memcpy(v + sizeof(rtt_us), resp, resp_len);
	cs_memo_put(c->memo, key, 3, v, sizeof(rtt_us) + resp_len);
	free(v);
}

void cs_probe_cache_get_stats(cs_probe_cache *c, cs_probe_cache_stats *out)
{
	cs_memo_get_stats(c->memo, out);
}
