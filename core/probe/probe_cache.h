/*
 * probe_cache.h - a thread-safe cache of authoritative answers about the
 * zones above the names being probed (the root, TLDs), shared by the probes
 * of one batch run so that each such query is sent once per run, not once
 * per name.
 *
 * An entry is keyed by the exact query octets (less the message ID) and the
 * server's address, port and transport, and holds the server's response
 * octets exactly as received, with its round-trip time. A probe copies a
 * hit into its capture (marked "cached"), so every capture stays complete.
 *
 * Memory is bounded twice: only zones with at most max_labels labels are
 * cached (cs_probe_cache_wants), and once max_bytes are stored no more
 * entries are added (existing ones keep serving, or, with
 * cs_probe_cache_expire, expired ones make room).
 */
#ifndef CS_PROBE_CACHE_H
#define CS_PROBE_CACHE_H

#include "base/buf.h"
#include "base/error.h"
#include "base/memo.h"
#include "capture/capture.h"
#include "dns/name.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_probe_cache cs_probe_cache;

/* hits, misses, entries, bytes stored, full (max_bytes was reached: later
 * answers were not stored). */
typedef cs_memo_stats cs_probe_cache_stats;

/* A new empty cache for zones of at most max_labels labels (1: the root and
 * the TLDs) holding at most max_bytes. Returns CS_OK, CS_ENOMEM or CS_EIO
 * (the mutex could not be created). */
cs_err cs_probe_cache_new(unsigned max_labels, size_t max_bytes, cs_probe_cache **out);

/* Make entries expire (a long-running process such as the exporter): each
 * lives for the smallest TTL in its response (an SOA's MINIMUM counts too;
 * at most max_ttl seconds) by the clock now_s, in seconds; a response
 * without records is not stored. An expired entry is a miss, the next
 * answer replaces it, and when the cache is full the expired entries are
 * removed to make room. Without this (batch), entries live as long as the
 * cache. Call before the cache is shared. */
void cs_probe_cache_expire(cs_probe_cache *c, int64_t (*now_s)(void *ctx), void *ctx,
			   uint32_t max_ttl);

/* Free the cache and every entry; accepts NULL, clears *c. Only when no
 * probe uses it any more. */
void cs_probe_cache_free(cs_probe_cache **c);

/* Should answers about zone (the zone a DNSKEY/SOA/NS/... query asks, or
 * the child a DS query asks for) be cached for a probe of target? True when
 * zone is a strict ancestor of target with at most max_labels labels. */
bool cs_probe_cache_wants(const cs_probe_cache *c, const cs_name *zone, const cs_name *target);

/* Look up query octets (len >= 12) sent to server/port/transport. On a hit
 * returns true, appends the response octets to resp and sets *rtt_us; false
 * on a miss (or when resp runs out of memory: then resp->err is set). */
bool cs_probe_cache_get(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, cs_buf *resp, int64_t *rtt_us);

/* Store a response (copied) for the query; keeps the first answer when the
 * key is already present. Silently stores nothing when full or out of
 * memory: the cache is an optimisation only. */
void cs_probe_cache_put(cs_probe_cache *c, const char *server, uint16_t port, cs_transport tr,
			const uint8_t *query, size_t len, const uint8_t *resp, size_t resp_len,
			int64_t rtt_us);

/* A snapshot of the counters. */
void cs_probe_cache_get_stats(cs_probe_cache *c, cs_probe_cache_stats *out);

#endif
