/*
 * capture.h - the whole truth of one probe: every query sent, to which
 * server, how, when, and the raw bytes that came back (or the error), plus
 * the options, hints and trust anchors used. Saved and loaded as versioned
 * JSON (docs/capture-format.md); save -> load -> save is byte-identical.
 *
 * The capture owns all its memory: one arena for names and strings, and the
 * query/response octets.
 */
#ifndef CS_CAPTURE_H
#define CS_CAPTURE_H

#include "base/arena.h"
#include "base/error.h"
#include "dns/name.h"
#include "dns/query.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_CAPTURE_FORMAT  "chainscope-capture"
#define CS_CAPTURE_VERSION 1

typedef struct {
	unsigned id;  /* 1-based, order of sending */
	char *server; /* address text, e.g. "127.53.0.1" or "::1" */
	uint16_t port;
	cs_transport transport;
	cs_name zone; /* zone the server was asked as an authority for */
	cs_name qname;
	uint16_t qtype;
	bool rd, cd, do_bit;
	uint16_t edns_size; /* 0 = no EDNS */
	cs_qpurpose purpose;
	int64_t sent_us; /* microseconds after the capture's start */
	int64_t rtt_us;	 /* -1 when no response */
	cs_qresult result;
	bool cached;	/* the answer came from the probe's shared cache (batch),
			   recorded when an identical query was sent earlier */
	uint8_t *query; /* octets sent (c-ares may replace the ID) */
	size_t query_len;
	uint8_t *response; /* octets received, exactly; NULL when none */
	size_t response_len;
} cs_capture_query;

/* A zone cut the probe found, with its servers as the parent named them. */
typedef struct {
	char *ns_name;	  /* nameserver host name (presentation) */
	char **addresses; /* address texts */
	size_t naddresses;
} cs_capture_server;

typedef struct {
	cs_name name;
	cs_name parent; /* same as name for the root */
	cs_capture_server *servers;
	size_t nservers;
} cs_capture_zone;

typedef struct {
	char *tool;	    /* "chainscope 0.1.0" */
	int64_t started_s;  /* wall clock, seconds since the epoch */
	int64_t started_us; /* sub-second part, microseconds */
	int64_t duration_us;
	cs_name qname;
	uint16_t qtype;
	char *mode;	/* "authoritative" or "recursive" */
	char *resolver; /* recursive mode: address[:port]; else NULL */
	uint16_t port;
	unsigned timeout_ms;
	unsigned retries;
	uint16_t edns_size;
	bool ipv4, ipv6;
	char **hints; /* root hints, presentation lines */
	size_t nhints;
	char **anchors; /* trust anchors, presentation lines */
	size_t nanchors;
	char **notes; /* limits hit and other probe remarks */
	size_t nnotes;
	cs_capture_zone *zones;
	size_t nzones;
	cs_capture_query *queries;
	size_t nqueries;
	size_t cap_queries;
	cs_arena arena;
} cs_capture;

/* A new, empty capture; NULL when out of memory. */
cs_capture *cs_capture_new(void);

/* Free a capture and everything it owns; clears *c. Accepts NULL. */
void cs_capture_free(cs_capture **c);

/* Append a query record (copied; strings and octets duplicated) and return
 * a pointer to the stored copy (valid until the next add), or NULL when out
 * of memory. Its id is set to the new count. */
cs_capture_query *cs_capture_add_query(cs_capture *c, const cs_capture_query *q);

/* Attach response octets to a stored query (copied). CS_ENOMEM on failure. */
cs_err cs_capture_set_response(cs_capture *c, cs_capture_query *q, const uint8_t *resp, size_t len);

/* Replace a stored query's octets (copied) with those really sent.
 * CS_ENOMEM on failure (the old octets stay). */
cs_err cs_capture_set_query(cs_capture *c, cs_capture_query *q, const uint8_t *query, size_t len);

/* Append a string to one of the capture's string lists (hints, anchors,
 * notes). CS_ENOMEM on failure. */
cs_err cs_capture_add_string(cs_capture *c, char ***list, size_t *n, const char *s);

/* Append a zone (servers copied). CS_ENOMEM on failure. */
cs_err cs_capture_add_zone(cs_capture *c, const cs_capture_zone *z);

/* Copy a string into the capture's arena; NULL when out of memory. */
char *cs_capture_strdup(cs_capture *c, const char *s);

/* Write the capture as JSON to path, atomically (a temporary file in the
 * same directory, renamed on success; "-" writes to stdout). Returns CS_OK,
 * CS_EIO (errmsg says why) or CS_ENOMEM. */
cs_err cs_capture_save(const cs_capture *c, const char *path, char *errmsg, size_t errlen);

/* The JSON text of a capture, NUL-terminated, malloc'd (caller frees);
 * NULL when out of memory. */
char *cs_capture_to_json(const cs_capture *c);

/* Load a capture from path. Returns CS_OK with *out set, CS_EIO (cannot read;
 * errmsg says why), CS_ESYNTAX (not JSON: errmsg has line and column) or
 * CS_ERDATA (JSON but not a valid capture: errmsg names the field). */
cs_err cs_capture_load(const char *path, cs_capture **out, char *errmsg, size_t errlen);

/* Load from a JSON string (len octets). Same results as cs_capture_load. */
cs_err cs_capture_from_json(const char *text, size_t len, cs_capture **out, char *errmsg,
			    size_t errlen);

#endif
