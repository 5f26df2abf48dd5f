/*
 * probe_hub.h - the transport that many probes share on one thread.
 *
 * One cs_net carries every query of every probe attached to the hub, so a
 * server's c-ares channel is opened once per run, not once per name.
 * Identical queries in flight (same server, port, transport and octets
 * less the message ID) are sent once: the second probe that needs a TLD's
 * DNSKEY waits for the first one's answer. With a shared cache
 * (probe_cache.h), cacheable answers are taken from it and delivered on the
 * next step, never from inside the send, and the run's server health is
 * kept there: a server that timed out and never answered is dead for the
 * whole run (its timeout is paid once), and a timeout from a server that
 * did answer is counted as a loss (the batch's concurrency backs off).
 */
#ifndef CS_PROBE_HUB_H
#define CS_PROBE_HUB_H

#include "base/error.h"
#include "capture/capture.h"
#include "dns/msg_memo.h"
#include "probe/probe_cache.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_probe_hub cs_probe_hub;

/* What a query got. resp is valid during the callback only. */
typedef struct {
	cs_qresult result;   /* ANSWER (resp set), TIMEOUT, REFUSED or NETERROR */
	const uint8_t *resp; /* the response octets */
	size_t len;
	const uint8_t *query; /* the octets really sent (cs_net_reply), NULL when none or
				 cached */
	size_t query_len;
	bool edns_dropped; /* see cs_net_cb */
	bool cached;	   /* taken from the shared cache: nothing was sent */
	int64_t rtt_us;	   /* round trip of the answer (the recorded one when cached) */
} cs_hub_answer;

typedef void (*cs_hub_cb)(void *arg, const cs_hub_answer *a);

/* Counters of one hub. */
typedef struct {
	unsigned long sent;	/* queries put on the network */
	unsigned long shared;	/* queries that waited for an identical one in flight */
	unsigned long cached;	/* queries answered from the shared cache */
	unsigned long timeouts; /* queries that timed out */
	unsigned long losses;	/* timeouts from servers that answered before */
	unsigned long queued;	/* now: queries waiting for a server's free slot */
	unsigned long answers;	/* callbacks called */
	/* Answers from the network, the sum of their servers' fastest round
	 * trips (each server's fastest answer so far) and of what each took
	 * over it plus its time in its server's queue: waiting, in the
	 * caller's loop or a queue, not the path. */
	unsigned long timed;
	unsigned long long fastest_us, waited_us;
} cs_probe_hub_stats;

/* A hub with the given per-attempt timeout and retries, the caller's
 * monotonic clock (microseconds), and an optional shared cache (not owned;
 * it must outlive the hub). shared_library: the caller initialised c-ares
 * (cs_net_library_init). Returns CS_OK, CS_ENOMEM or CS_EIO. */
cs_err cs_probe_hub_new(unsigned timeout_ms, unsigned retries, bool shared_library,
			int64_t (*monotonic_us)(void *ctx), void *clock_ctx, cs_probe_cache *cache,
			cs_probe_hub **out);

/* Free the hub; callbacks still owed are NOT called. Accepts NULL, clears
 * *h. */
void cs_probe_hub_free(cs_probe_hub **h);

/* Send query octets (len >= 12) to addr/port over tr; cb is called exactly
 * once, from a later cs_probe_hub_step, never from inside this call.
 * cacheable: the answer may come from, and goes into, the shared cache.
 * Returns CS_OK, CS_EINVAL (bad address or length; cb is not called) or
 * CS_ENOMEM. */
cs_err cs_probe_hub_send(cs_probe_hub *h, const char *addr, uint16_t port, cs_transport tr,
			 const uint8_t *query, size_t len, bool cacheable, cs_hub_cb cb, void *arg);

/* Is addr dead for this run (timed out, never answered)? False without a
 * shared cache. */
bool cs_probe_hub_dead(const cs_probe_hub *h, const char *addr);

/* Deliver the answers due, then wait at most max_wait_ms (-1: until
 * something happens) for network activity and process it. Returns CS_OK or
 * CS_EIO. */
cs_err cs_probe_hub_step(cs_probe_hub *h, int max_wait_ms);

/* Answers taken from the shared cache are parsed through memo (not owned;
 * one thread's, outliving the hub), or each time when it is NULL. */
void cs_probe_hub_set_msg_memo(cs_probe_hub *h, cs_msg_memo *memo);

/* The memo set for cached answers, or NULL. */
cs_msg_memo *cs_probe_hub_msg_memo(const cs_probe_hub *h);

/* Callbacks still owed. */
unsigned cs_probe_hub_pending(const cs_probe_hub *h);

/* A snapshot of the counters. */
void cs_probe_hub_get_stats(const cs_probe_hub *h, cs_probe_hub_stats *out);

#endif
