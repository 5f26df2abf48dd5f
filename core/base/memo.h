/*
 * memo.h - a thread-safe memo from byte strings to byte strings, bounded in
 * bytes: the table behind the shared caches of batch runs (probe_cache,
 * verify_cache). A key is given as parts that are hashed and compared as
 * one string, so callers need not copy them together.
 */
#ifndef CS_MEMO_H
#define CS_MEMO_H

#include "base/buf.h"
#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One piece of a key. */
typedef struct {
	const void *p;
	size_t n;
} cs_memo_part;

typedef struct {
	uint64_t hits, misses;
	size_t entries;
	size_t bytes; /* keys, values and entry headers stored */
	bool full;    /* max_bytes was reached: later values were not stored */
} cs_memo_stats;

typedef struct cs_memo cs_memo;

/* A new empty memo holding at most max_bytes. Returns CS_OK, CS_ENOMEM or
 * CS_EIO (no mutex). */
cs_err cs_memo_new(size_t max_bytes, cs_memo **out);

/* Free it and everything stored; accepts NULL, clears *m. Only when no
 * thread uses it. */
void cs_memo_free(cs_memo **m);

/* Look the key up; on a hit append the value to out and return true. Hits
 * and misses are counted. False also when out cannot grow. */
bool cs_memo_get(cs_memo *m, const cs_memo_part *key, size_t nkey, cs_buf *out);

/* Store a copy of the value under the key, unless the key is present or
 * the memo would exceed its bytes (then it is marked full). Out of memory
 * stores nothing: a memo is only a shortcut. */
void cs_memo_put(cs_memo *m, const cs_memo_part *key, size_t nkey, const void *value,
		 size_t value_len);

/* A snapshot of the counters. */
void cs_memo_get_stats(cs_memo *m, cs_memo_stats *out);

/* Whether a stored value has gone stale (called under the memo's lock, so
 * it must not call back into the memo). */
typedef bool (*cs_memo_stale_fn)(const uint8_t *value, size_t len, void *ctx);

/* Let entries go stale: a stale entry is never served (a miss), a put
 * replaces it, and when a put finds the memo full every stale entry is
 * removed first so their bytes serve again. Without it (the default)
 * entries stay until the memo is freed. Call before the memo is shared. */
void cs_memo_set_stale(cs_memo *m, cs_memo_stale_fn fn, void *ctx);

#endif
