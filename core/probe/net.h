/*
 * net.h - asynchronous DNS transport on c-ares: our own query octets to one
 * server address over UDP or TCP, the server's octets back, many queries in
 * flight under one event loop.
 *
 * Each (address, port, transport) gets its own c-ares channel with that
 * single server, ARES_FLAG_NOCHECKRESP (SERVFAIL/REFUSED answers reach us)
 * and ARES_FLAG_IGNTC (truncated UDP answers reach us: the caller decides on
 * TCP). c-ares makes one attempt; retries are ours, so each waits exactly
 * the timeout (c-ares would double it per try). ARES_FLAG_EDNS is set only
 * so that c-ares does not clip UDP answers to 512 octets (it does, with
 * IGNTC, unless it believes EDNS is in use); UDP answers are read up to
 * 4096 octets.
 *
 * The octets come from a tap on the channel's sockets (probe/tap.h), never
 * from what c-ares hands its callback: from 1.28 on that is a re-serialised
 * copy. c-ares 1.31+'s answer cache is turned off.
 */
#ifndef CS_NET_H
#define CS_NET_H

#include "base/error.h"
#include "capture/capture.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_net cs_net;

/* How a query ended. resp: the server's own octets (result
 * CS_QRESULT_ANSWER), else NULL. query: the octets c-ares really sent for
 * the attempt that ended (its own message ID; from 1.34 a DNS cookie in the
 * OPT record), NULL when nothing was written. edns_dropped: c-ares, after a
 * FORMERR, resent the query without its OPT record (its EDNS fallback), and
 * the response answers that shorter query. Valid only during the call. */
typedef struct {
	cs_qresult result;
	const uint8_t *resp;
	size_t resp_len;
	const uint8_t *query;
	size_t query_len;
	bool edns_dropped;
} cs_net_reply;

/* Called once per query with how it ended: TIMEOUT, REFUSED or NETERROR
 * come without a response. */
typedef void (*cs_net_cb)(void *arg, const cs_net_reply *r);

/* A transport with the given per-attempt timeout and retry count. Returns
 * CS_OK, CS_ENOMEM, or CS_EIO when c-ares cannot initialise. */
cs_err cs_net_new(unsigned timeout_ms, unsigned retries, cs_net **out);

/* The same without initialising the c-ares library (whose init and cleanup
 * are not thread-safe in 1.18): for programs that probe on several threads
 * and call cs_net_library_init once before starting them. */
cs_err cs_net_new_shared(unsigned timeout_ms, unsigned retries, cs_net **out);

/* Initialise / clean up the c-ares library once per process, from one
 * thread, around every cs_net_new_shared. Init returns CS_OK or CS_EIO. */
cs_err cs_net_library_init(void);
void cs_net_library_cleanup(void);

/* Cancel everything in flight (callbacks are NOT called) and free. Accepts
 * NULL; clears *n. */
void cs_net_free(cs_net **n);

/* The c-ares version this process runs with (ares_version), e.g. "1.34.5". */
const char *cs_net_cares_version(void);

/* Send query octets to addr (IPv4 or IPv6 text) at port. Returns CS_OK (cb
 * will be called exactly once, possibly from inside this call for immediate
 * failures), CS_EINVAL for a bad address, CS_ENOMEM. */
cs_err cs_net_send(cs_net *n, const char *addr, uint16_t port, cs_transport tr,
		   const uint8_t *query, size_t len, cs_net_cb cb, void *arg);

/* Queries whose callback has not been called yet. */
unsigned cs_net_pending(const cs_net *n);

/* Wait at most max_wait_ms (-1: until something happens) for network
 * activity and process it, calling callbacks. Returns CS_OK or CS_EIO when
 * poll fails. */
cs_err cs_net_step(cs_net *n, int max_wait_ms);

#endif
