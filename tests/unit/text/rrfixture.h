/*
 * rrfixture.h - the cmocka fixture the text/ tests share: an arena, the
 * record list a parser fills, and the parser's error.
 */
#ifndef CS_TEST_RRFIXTURE_H
#define CS_TEST_RRFIXTURE_H

#include "base/arena.h"
#include "dns/rrlist.h"
#include "text/zonefile.h"

#include <stdlib.h>

typedef struct {
	cs_arena a;
	cs_rrlist l;
	cs_zone_error e;
} fixture;

static inline int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	cs_arena_init(&f->a);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	fixture *f = *state;
	cs_rrlist_free(&f->l);
	cs_arena_clear(&f->a);
	free(f);
	return 0;
}

#endif
