/*
 * msg_memo.h - parsed messages kept by their octets, for one thread: the
 * answers a batch takes from its shared cache (the root's, a TLD's) arrive
 * again for every name, and each is parsed once per thread instead of once
 * per name and stage.
 *
 * A message from cs_msg_memo_parse points into the memo's own storage and
 * stays valid until cs_msg_memo_trim; the memo is bounded by forgetting
 * everything at a trim once it holds more than its budget.
 */
#ifndef CS_MSG_MEMO_H
#define CS_MSG_MEMO_H

#include "base/error.h"
#include "dns/msg.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cs_msg_memo cs_msg_memo;

/* A new empty memo keeping about max_bytes (parsed messages and their
 * octets) between trims. Returns CS_OK or CS_ENOMEM. */
cs_err cs_msg_memo_new(size_t max_bytes, cs_msg_memo **out);

/* Free it; accepts NULL, clears *m. */
void cs_msg_memo_free(cs_msg_memo **m);

/* cs_msg_parse(pkt, len, ...) into *out, from the memo when the same
 * octets (the ID aside: out->id is pkt's) were parsed before. The records
 * belong to the memo: valid until the next cs_msg_memo_trim, read-only.
 * A message that does not parse is not kept: the result is
 * cs_msg_parse's. */
cs_err cs_msg_memo_parse(cs_msg_memo *m, const uint8_t *pkt, size_t len, cs_msg *out);

/* cs_msg_memo_parse when m is not NULL, else cs_msg_parse into arena a:
 * for callers that memoise some messages (cached answers) and not others. */
cs_err cs_msg_memo_parse_or(cs_msg_memo *m, const uint8_t *pkt, size_t len, cs_arena *a,
			    cs_msg *out);

/* Forget everything when over budget. Only when no message from the memo
 * is in use. */
void cs_msg_memo_trim(cs_msg_memo *m);

/* Messages found in the memo and parsed anew so far. */
void cs_msg_memo_counts(const cs_msg_memo *m, uint64_t *hits, uint64_t *misses);

#endif
