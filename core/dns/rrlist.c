#include "dns/rrlist.h"

#include <stdlib.h>

void cs_rrlist_free(cs_rrlist *l)
{
	if (l == NULL)
		return;
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

cs_err cs_rrlist_add(cs_rrlist *l, const cs_rr *rr)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		cs_rr *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return CS_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *rr;
	return CS_OK;
}
