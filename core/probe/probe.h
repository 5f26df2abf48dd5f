/*
 * probe.h - the probe engine: walks from the root hints down to a name,
 * discovers every zone cut, and asks every authoritative server address of
 * every zone on the chain for what validation needs (DNSKEY, DS at the
 * parent, SOA, NS, CDS, CDNSKEY, the target, a nonexistent name and type),
 * following CNAMEs. Everything sent and received goes into a cs_capture.
 *
 * One event loop (a cs_probe_hub over cs_net) carries every query; nothing
 * waits for anything the protocol does not force. cs_probe_run probes one
 * name on its own hub; cs_probe_start/done/finish let one thread drive many
 * probes on a shared hub (batch). Clocks are passed in: the probe reads no
 * time itself.
 */
#ifndef CS_PROBE_H
#define CS_PROBE_H

#include "base/error.h"
#include "capture/capture.h"
#include "dns/name.h"
#include "probe/probe_cache.h"
#include "probe/probe_hub.h"
#include "text/zonefile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_PROBE_PROGRESS_ZONES 32

/* Progress as the probe runs (for a status line, and for a view that shows
 * the chain as its zones are found). */
typedef struct {
	unsigned zones;	    /* zone cuts found */
	unsigned sent;	    /* queries sent */
	unsigned in_flight; /* queries awaiting an answer */
	unsigned answered;  /* responses received */
	/* The zones on the chains being validated, in the order found (a
	 * parent before its children), at most CS_PROBE_PROGRESS_ZONES: names
	 * (valid during the callback only) and each one's parent as an index
	 * into this list, -1 for the top. */
	size_t nchain;
	const cs_name *chain[CS_PROBE_PROGRESS_ZONES];
	int chain_parent[CS_PROBE_PROGRESS_ZONES];
} cs_probe_progress;

/* An explicit delegation (--ns ZONE=ADDR,...): these addresses are asked for
 * ZONE instead of what its parent says. */
typedef struct {
	cs_name zone;
	const char **addresses;
	size_t naddresses;
} cs_probe_delegation;

typedef struct {
	uint16_t port;		/* every server's port (53; labs may differ) */
	unsigned timeout_ms;	/* per attempt */
	unsigned retries;	/* extra attempts after a timeout */
	uint16_t edns_size;	/* advertised UDP size */
	bool ipv4, ipv6;	/* which address families to use */
	unsigned max_queries;	/* total queries sent */
	unsigned max_referrals; /* referrals followed per walk */
	unsigned max_cname;	/* CNAME/DNAME links followed */
	unsigned max_addresses; /* server addresses per zone */
	unsigned max_time_ms;	/* no query is sent after this long (0: no limit); the
				   ones in flight still get their timeout */
	const char *resolver;	/* recursive mode: "ADDR" or "ADDR#PORT"; NULL = authoritative */
	const cs_probe_delegation *delegations;
	size_t ndelegations;
	const char *tool; /* recorded in the capture */
	/* Clocks: wall time (seconds and microseconds since the epoch) and a
	 * monotonic microsecond counter. Required. */
	void (*wallclock)(void *ctx, int64_t *sec, int64_t *usec);
	int64_t (*monotonic_us)(void *ctx);
	void *clock_ctx;
	/* Optional: answers about the zones above the name (root, TLDs), the
	 * referrals to them and the servers' health are taken from and added
	 * to this cache, shared by concurrent probes. */
	cs_probe_cache *cache;
	/* The caller initialised c-ares once (cs_net_library_init) because
	 * probes run on several threads. */
	bool shared_net_library;
	/* Optional progress callback, called after each response. */
	void (*progress)(void *ctx, const cs_probe_progress *p);
	void *progress_ctx;
} cs_probe_opts;

/* Fill opts with the defaults (port 53, 1500 ms, 2 retries, EDNS 1232, both
 * families, 3000 queries, 32 referrals, 16 CNAMEs, 32 addresses, 120 s).
 * Clocks and callbacks are left NULL. */
void cs_probe_opts_default(cs_probe_opts *opts);

/* Probe qname/qtype. hints holds root NS records and their addresses;
 * anchors (recorded only) the trust anchors in use. On CS_OK *out is a new
 * capture (caller frees) even if servers failed or limits were hit (those
 * are in the capture and its notes). Returns CS_EINVAL (no usable hint
 * address, bad resolver address, missing clock), CS_ENOMEM or CS_EIO. */
cs_err cs_probe_run(const cs_probe_opts *opts, const cs_rrlist *hints, const cs_rrlist *anchors,
		    const cs_name *qname, uint16_t qtype, cs_capture **out);

typedef struct cs_probe cs_probe;

/* Start probing qname/qtype on hub (NULL: a hub of the probe's own). opts,
 * hints and anchors must outlive the probe. The first queries are sent;
 * the caller steps the hub (cs_probe_hub_step) until cs_probe_done. Returns
 * CS_OK and *out (finish it with cs_probe_finish), or the errors of
 * cs_probe_run (nothing to free). */
cs_err cs_probe_start(cs_probe_hub *hub, const cs_probe_opts *opts, const cs_rrlist *hints,
		      const cs_rrlist *anchors, const cs_name *qname, uint16_t qtype,
		      cs_probe **out);

/* No answer is owed to the probe any more: it is complete. */
bool cs_probe_done(const cs_probe *p);

/* The hub the probe runs on. */
cs_probe_hub *cs_probe_get_hub(const cs_probe *p);

/* Free a done probe (clears *p) and hand over its capture: CS_OK and *out
 * (caller frees), or CS_ENOMEM, or CS_EINVAL when the probe is not done. */
cs_err cs_probe_finish(cs_probe **p, cs_capture **out);

#endif
